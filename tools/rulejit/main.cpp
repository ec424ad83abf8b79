// rulejit: compile Splunk security_content-style detections to native code
// and run them over JSON event streams.
#include <CLI/CLI.hpp>

#include "tools/rulejit/run_nats.h"
#include "tools/rulejit/subcommands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "rulejit compiles Splunk SPL detections (security_content YAML) to an IR and native code,\n"
      "and runs them over JSON event streams (Tetragon / Isovalent NDJSON first)."};
  app.require_subcommand(1);
  app.footer("Run `rulejit <command> --help` for the options of a command.");
  rulejit::cli::register_check(app);
  rulejit::cli::register_explain(app);
  rulejit::cli::register_run(app);
  rulejit::cli::register_bench(app);
  rulejit::cli::register_compile(app);
  rulejit::cli::register_keygen(app);
  rulejit::cli::register_test(app);
  rulejit::cli::register_publish(app);
  rulejit::cli::register_worker(app);
  rulejit::cli::register_merge(app);
  rulejit::cli::route_run_nats(argc, argv);  // `run --nats ...` is `worker ...`
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors
  }
  return 0;
}
