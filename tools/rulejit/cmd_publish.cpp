// rulejit publish: NDJSON lines into a JetStream stream (scale-out input),
// one message per non-empty line on STREAM.events, each with the
// Nats-Msg-Id "<input>:<line number>", so publishing the same input again
// (within the stream's duplicate window, 2 min) stores nothing twice.
#include <fmt/format.h>
#include <nats/nats.h>

#include <cstdio>

#include "runtime/events/line_source.h"
#include "scaleout/nats_client.h"
#include "tools/rulejit/cli_common.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {

struct PublishOptions {
  std::string url = "nats://127.0.0.1:4222";
  std::string stream = "rulejit";
  std::vector<std::string> inputs;
  bool quiet = false;
};

int run_publish(const PublishOptions& o) {
  std::vector<std::string> inputs = o.inputs;
  if (inputs.empty()) {
    std::string sample = bundled_path("samples/tetragon-sample.ndjson");
    if (sample.empty()) {
      std::fputs("rulejit publish: no --input given and no bundled sample found\n", stderr);
      return 2;
    }
    inputs.push_back(sample);
  }
  std::string err;
  scaleout::NatsClient nc;
  if (!nc.connect(o.url, "rulejit-publish", &err) || !nc.ensure_stream(o.stream, &err)) {
    std::fprintf(stderr, "rulejit publish: %s\n", err.c_str());
    return 5;
  }
  const std::string subject = scaleout::stream_subjects(o.stream).events;
  rt::LineSource source(inputs);
  rt::Line line;
  uint64_t sent = 0;
  while (source.next(line)) {
    if (line.text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (!nc.publish_async(subject, line.text, fmt::format("{}:{}", line.file, line.line_number), &err)) {
      std::fprintf(stderr, "rulejit publish: %s\n", err.c_str());
      return 5;
    }
    ++sent;
  }
  if (!nc.wait_async(60, &err)) {
    std::fprintf(stderr, "rulejit publish: %s\n", err.c_str());
    return 5;
  }
  const auto& c = nc.async_counts();
  if (!o.quiet)
    std::fprintf(stderr, "rulejit publish: %llu lines to %s: %llu stored, %llu duplicates (published before), %llu failed\n",
                 static_cast<unsigned long long>(sent), subject.c_str(),
                 static_cast<unsigned long long>(c.stored.load()), static_cast<unsigned long long>(c.duplicates.load()),
                 static_cast<unsigned long long>(c.failed.load()));
  if (source.stats().read_errors() > 0) return 3;
  return c.failed.load() > 0 ? 5 : 0;
}

}  // namespace

void register_publish(CLI::App& app) {
  auto o = std::make_shared<PublishOptions>();
  auto* cmd = app.add_subcommand("publish", "Publish NDJSON events to a NATS JetStream stream (scale-out input)");
  cmd->add_option("--nats", o->url, "NATS server URL (default nats://127.0.0.1:4222)");
  cmd->add_option("--stream", o->stream, "JetStream stream (default rulejit; created when missing)");
  cmd->add_option("-i,--input", o->inputs, "NDJSON file, .gz, folder or - (repeatable). Default: the bundled sample")
      ->allow_extra_args(false);
  cmd->add_flag("-q,--quiet", o->quiet, "No summary on stderr");
  cmd->footer(
      "Each line becomes one message on STREAM.events with Nats-Msg-Id <input>:<line>: a second publish\n"
      "of the same input within 2 minutes is de-duplicated by the server. Exit status: 0 ok; 2 bad\n"
      "arguments; 3 an input could not be read; 5 NATS failure.");
  cmd->callback([o] {
    const int status = run_publish(*o);
    nats_Close();  // libnats' own threads and memory (after every client is gone)
    throw CLI::RuntimeError(status);
  });
}

}  // namespace rulejit::cli
