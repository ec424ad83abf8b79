// `iplocation [prefix=<string>] [allfields=bool] [lang=<string>] <ip-field>`:
// adds City, Country, Region, lat, lon (prefixed) from a GeoIP database.
#pragma once

#include <optional>
#include <string>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct IplocationCommand : Command {
  IplocationCommand() : Command("iplocation") {}
  std::optional<std::string> prefix;
  std::optional<bool> allfields;
  std::optional<std::string> lang;
  FieldName field;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_iplocation_command(CommandContext& ctx);

}  // namespace rulejit::spl
