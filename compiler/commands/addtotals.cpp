// `addtotals` command: parser and printer.
#include "compiler/commands/addtotals.h"

#include "compiler/spl/ast_printer.h"
#include "compiler/spl/command_context.h"

namespace rulejit::spl {

CommandPtr parse_addtotals_command(CommandContext& ctx) {
  auto cmd = std::make_unique<AddtotalsCommand>();
  Scanner& s = ctx.s;
  while (!s.at_end()) {
    if (s.consume(",")) continue;  // `fieldname=Score, a, b`: commas between arguments
    Span k;
    if (auto key = s.option_key({"row", "col", "labelfield", "label", "fieldname"}, &k)) {
      if (*key == "row") cmd->row = ctx.bool_value(*key, k);
      else if (*key == "col") cmd->col = ctx.bool_value(*key, k);
      else if (*key == "label") cmd->label = s.option_value(*key, k, ",").text;
      else (*key == "labelfield" ? cmd->labelfield : cmd->fieldname) = CommandContext::to_field(s.option_value(*key, k, ","));
      continue;
    }
    auto names = s.field_list({}, true);
    if (names.empty()) ctx.fail_unexpected();
    for (auto& n : CommandContext::to_fields(names)) cmd->fields.push_back(std::move(n));
  }
  return cmd;
}

void AddtotalsCommand::print(AstPrinter& p) const {
  p.open("addtotals");
  p.opt("row", row);
  p.opt("col", col);
  p.opt("labelfield", labelfield);
  p.opt("label", label);
  p.opt("fieldname", fieldname);
  if (!fields.empty()) p.fields(fields);
  p.close();
}

}  // namespace rulejit::spl
