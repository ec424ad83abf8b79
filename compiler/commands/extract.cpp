// `extract` command: parser and printer.
#include "compiler/commands/extract.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_extract_command(CommandContext& ctx) {
  auto cmd = std::make_unique<ExtractCommand>();
  Scanner& s = ctx.s;
  while (!s.at_end()) {
    Span k;
    auto key = s.option_key(
        {"pairdelim", "kvdelim", "limit", "maxchars", "mv_add", "clean_keys", "reload", "segment", "auto"}, &k);
    if (!key) {
      cmd->extractors.push_back(ctx.expect_field("an extractor name or option"));
      continue;
    }
    if (*key == "pairdelim") cmd->pairdelim = ctx.value(*key, k).text;
    else if (*key == "kvdelim") cmd->kvdelim = ctx.value(*key, k).text;
    else if (*key == "limit") cmd->limit = ctx.int_value(*key, k, 0, INT32_MAX);
    else if (*key == "maxchars") cmd->maxchars = ctx.int_value(*key, k, 0, INT32_MAX);
    else if (*key == "mv_add") cmd->mv_add = ctx.bool_value(*key, k);
    else if (*key == "clean_keys") cmd->clean_keys = ctx.bool_value(*key, k);
    else if (*key == "reload") cmd->reload = ctx.bool_value(*key, k);
    else if (*key == "segment") cmd->segment = ctx.bool_value(*key, k);
    else cmd->auto_kv = ctx.bool_value(*key, k);
  }
  return cmd;
}

void ExtractCommand::print(AstPrinter& p) const {
  p.open("extract");
  p.opt("pairdelim", pairdelim);
  p.opt("kvdelim", kvdelim);
  p.opt("limit", limit);
  p.opt("maxchars", maxchars);
  p.opt("mv_add", mv_add);
  p.opt("clean_keys", clean_keys);
  p.opt("reload", reload);
  p.opt("segment", segment);
  p.opt("auto", auto_kv);
  if (!extractors.empty()) p.fields(extractors);
  p.close();
}

}  // namespace rulejit::spl
