// `makemv [delim=<string> | tokenizer=<regex>] [allowempty=bool]
// [setsv=bool] <field>`: split a field's value into a multivalue.
#pragma once

#include <optional>
#include <string>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct MakemvCommand : Command {
  MakemvCommand() : Command("makemv") {}
  std::optional<std::string> delim;      // absent (and no tokenizer): " "
  std::optional<std::string> tokenizer;  // regex with one capture group
  std::optional<bool> allowempty;
  std::optional<bool> setsv;
  FieldName field;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_makemv_command(CommandContext& ctx);

}  // namespace rulejit::spl
