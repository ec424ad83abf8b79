// libFuzzer target: the SPL parser must never crash, hang, overflow the
// stack or hit UB, whatever the bytes. The input is parsed as a whole search
// (parse_spl), as a search expression and as an eval expression; every tree
// is printed, and every reported span must lie inside the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/parser.h"

namespace {

void check_spans(const std::vector<rulejit::spl::ParseError>& errors, size_t size) {
  for (const auto& e : errors) {
    if (e.span.begin > e.span.end || e.span.end > size) __builtin_trap();
    if (e.message.empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;  // keep iterations fast
  std::string_view text(reinterpret_cast<const char*>(data), size);

  rulejit::spl::ParseOutput out = rulejit::spl::parse_spl(text);
  if (!out.pipeline) __builtin_trap();  // the contract: never null
  check_spans(out.errors, size);
  if (out.pipeline->span.end > size) __builtin_trap();
  (void)rulejit::spl::print_ast(*out.pipeline);

  auto s = rulejit::spl::parse_search_expression(text);
  check_spans(s.errors, size);
  if (s.expr) (void)rulejit::spl::print_search(*s.expr);

  auto e = rulejit::spl::parse_eval_expression(text);
  check_spans(e.errors, size);
  if (e.expr) (void)rulejit::spl::print_eval(*e.expr);
  return 0;
}
