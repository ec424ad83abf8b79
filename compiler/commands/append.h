// `append [extendtimerange=bool] [maxtime=<n>] [maxout=<n>] [timeout=<n>]
// <subsearch>`: results of the subsearch added after the current results.
#pragma once

#include <memory>
#include <optional>

#include "compiler/spl/ast.h"

namespace rulejit::spl {

class CommandContext;

struct AppendCommand : Command {
  AppendCommand() : Command("append") {}
  std::optional<bool> extendtimerange;
  std::optional<int64_t> maxtime;
  std::optional<int64_t> maxout;
  std::optional<int64_t> timeout;
  std::unique_ptr<Pipeline> subsearch;
  void print(AstPrinter& p) const override;
};

CommandPtr parse_append_command(CommandContext& ctx);

}  // namespace rulejit::spl
