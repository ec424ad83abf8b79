// XML family: _xmlkv(text, name) — internal, for `xmlkv` (lowered per field
// name the rule uses, as spath's extract-everything): the text of every
// element <name ...>text</name> whose content holds no child element, in
// document order (several give a multivalue); none: null. Entities are kept
// as written (xmlkv does not decode them either).
#include <string>
#include <string_view>
#include <vector>

#include "runtime/functions/args.h"
#include "runtime/functions/families.h"

namespace rulejit::rt {
namespace {

// True when `c` ends a tag name (so <Name> does not match <NameX>).
bool ends_name(char c) { return c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/'; }

Value fn_xmlkv(std::span<const Value> a, FunctionContext&) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  args::Text text_arg(a[0], "_xmlkv");
  args::Text name_arg(a[1], "_xmlkv");
  std::string_view text = text_arg.view(), name = name_arg.view();
  if (name.empty()) return Value();
  const std::string open = "<" + std::string(name), close = "</" + std::string(name) + ">";
  std::vector<std::string> out;
  for (size_t at = text.find(open); at != std::string_view::npos; at = text.find(open, at + 1)) {
    size_t after = at + open.size();
    if (after >= text.size() || !ends_name(text[after])) continue;
    size_t gt = text.find('>', after);
    if (gt == std::string_view::npos) break;
    if (text[gt - 1] == '/') continue;  // <name/>: empty element, no value
    size_t end = text.find(close, gt + 1);
    if (end == std::string_view::npos) break;
    std::string_view inner = text.substr(gt + 1, end - gt - 1);
    if (inner.find('<') != std::string_view::npos) continue;  // not a leaf
    out.emplace_back(inner);
  }
  return Value::make_multi(std::move(out));
}

const FunctionInfo kXml[] = {
    {"_xmlkv", 2, 2, fn_xmlkv, true},
};

}  // namespace

std::span<const FunctionInfo> families::xml_functions() { return kXml; }

}  // namespace rulejit::rt
