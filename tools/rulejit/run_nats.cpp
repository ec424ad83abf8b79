// The worker form of `rulejit run`: see run_nats.h.
#include "tools/rulejit/run_nats.h"

#include <string_view>

namespace rulejit::cli {

bool route_run_nats(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) != "run") return false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--nats" || a.starts_with("--nats=")) {
      static char worker[] = "worker";
      argv[1] = worker;
      return true;
    }
  }
  return false;
}

void add_run_nats_options(CLI::App& run, RunNatsOptions& o) {
  run.add_option("--nats", o.url,
                 "Run as a scale-out worker: events from NATS JetStream at this URL instead of files. The "
                 "command is then `rulejit worker` with the same options (see `rulejit worker --help`: "
                 "--window, --worker-id, --idle-finish, --ack-wait, --batch...); results come from `rulejit merge`");
  run.add_option("--from", o.from,
                 "With --nats: STREAM/CONSUMER, the JetStream stream and the durable consumer the workers share "
                 "(default rulejit/rulejit-workers)");
}

std::string run_nats_problem(const RunNatsOptions& o) {
  if (!o.from.empty()) return "--from STREAM/CONSUMER needs --nats URL (the worker form of run)";
  return "";
}

}  // namespace rulejit::cli
