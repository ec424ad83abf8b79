// Each subcommand registers itself on the app (one file per subcommand).
#pragma once

#include <CLI/CLI.hpp>

namespace rulejit::cli {

void register_check(CLI::App& app);
void register_explain(CLI::App& app);
void register_run(CLI::App& app);
void register_bench(CLI::App& app);
void register_compile(CLI::App& app);
void register_keygen(CLI::App& app);
void register_test(CLI::App& app);
// Scale-out on NATS JetStream (scaleout/).
void register_publish(CLI::App& app);
void register_worker(CLI::App& app);
void register_merge(CLI::App& app);

}  // namespace rulejit::cli
