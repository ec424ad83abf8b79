// `rulejit run --nats URL --from STREAM/CONSUMER [worker options]`: the
// worker form of `run` (issue 17). It is `rulejit worker`, the same code and
// the same options: main() hands such a command line to the worker before
// parsing, so the two cannot drift apart. `run --help` lists --nats and
// --from (add_run_nats_options); without --nats, --from is an error.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace rulejit::cli {

// argv[1] is "run" and an argument is --nats or --nats=URL: argv[1] becomes
// "worker". True when it did.
bool route_run_nats(int argc, char** argv);

struct RunNatsOptions {
  std::string url, from;
};
void add_run_nats_options(CLI::App& run, RunNatsOptions& o);
// The message for a `run` that has --from but no --nats ("" when fine).
std::string run_nats_problem(const RunNatsOptions& o);

}  // namespace rulejit::cli
