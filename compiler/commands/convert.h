// `convert [timeformat=<fmt>] <function>(<field>) [AS <newfield>]...`
// (spl-semantics.md §3.12). Functions: ctime, mktime, dur2sec, mstime, num,
// rmunit, rmcomma, memk, auto, none. Without AS the field is converted in
// place.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

enum class ConvertFunction : uint8_t { Ctime, Mktime, Dur2sec, Mstime, Num, Rmunit, Rmcomma, Memk, Auto, None };
const char* convert_function_name(ConvertFunction f);

struct Conversion {
  ConvertFunction function = ConvertFunction::Auto;
  FieldName field;               // may contain wildcards
  std::optional<FieldName> as;
  Span span;
};

struct ConvertCommand : Command {
  ConvertCommand() : Command("convert") {}
  std::optional<std::string> timeformat;  // absent: "%m/%d/%Y %H:%M:%S"
  std::vector<Conversion> conversions;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_convert_command(CommandContext& ctx);

}  // namespace rulejit::spl
