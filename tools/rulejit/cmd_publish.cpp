// rulejit publish: NDJSON lines into a JetStream stream (scale-out input).
// Lines are sent in batches: one message on STREAM.events holds up to
// --events-per-message lines (default 64, and at most --message-bytes), the
// framing of scaleout/event_batch.h, with the Nats-Msg-Id
// "<input>:<first line>[-<last line>]", so publishing the same input again
// with the same batching (within the stream's duplicate window, 2 min)
// stores nothing twice. --events-per-message 1 sends one line per message.
#include <fmt/format.h>
#include <nats/nats.h>

#include <algorithm>
#include <cstdio>

#include "runtime/events/line_source.h"
#include "scaleout/event_batch.h"
#include "scaleout/nats_client.h"
#include "tools/rulejit/cli_common.h"
#include "tools/rulejit/subcommands.h"

namespace rulejit::cli {
namespace {

struct PublishOptions {
  std::string url = "nats://127.0.0.1:4222";
  std::string stream = "rulejit";
  std::vector<std::string> inputs;
  size_t events_per_message = 64;
  size_t message_bytes = 256 * 1024;
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
  // A batch must fit the server's max_payload (1 MiB by default), headers aside.
  const int64_t max_payload = natsConnection_GetMaxPayload(nc.connection());
  size_t max_bytes = o.message_bytes;
  if (max_payload > 4096) max_bytes = std::min<size_t>(max_bytes, static_cast<size_t>(max_payload) - 1024);
  scaleout::EventBatcher batch(std::min<size_t>(o.events_per_message, scaleout::kMaxEventsPerMessage), max_bytes);
  std::string body, msg_id;
  uint64_t sent = 0, messages = 0;
  auto send = [&] {
    batch.take(&body, &msg_id);
    ++messages;
    return nc.publish_async(subject, body, msg_id, &err);
  };
  rt::LineSource source(inputs);
  rt::Line line;
  while (source.next(line)) {
    if (line.text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (batch.full_before(line.text, line.file) && !send()) {
      std::fprintf(stderr, "rulejit publish: %s\n", err.c_str());
      return 5;
    }
    batch.add(line.text, line.file, line.line_number);
    ++sent;
  }
  if (!batch.empty() && !send()) {
    std::fprintf(stderr, "rulejit publish: %s\n", err.c_str());
    return 5;
  }
  if (!nc.wait_async(60, &err)) {
    std::fprintf(stderr, "rulejit publish: %s\n", err.c_str());
    return 5;
  }
  const auto& c = nc.async_counts();
  if (!o.quiet)
    std::fprintf(stderr,
                 "rulejit publish: %llu lines in %llu messages to %s: %llu stored, %llu duplicates (published "
                 "before), %llu failed\n",
                 static_cast<unsigned long long>(sent), static_cast<unsigned long long>(messages), subject.c_str(),
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
  cmd->add_option("--events-per-message", o->events_per_message,
                  "Lines per message on STREAM.events (default 64; 1: a message per line). Fewer messages cost "
                  "the server and the workers less")
      ->check(CLI::Range(size_t{1}, size_t{scaleout::kMaxEventsPerMessage}));
  cmd->add_option("--message-bytes", o->message_bytes,
                  "At most this many bytes per message (default 262144; capped by the server's max_payload)")
      ->check(CLI::Range(size_t{1}, size_t{64} << 20));
  cmd->add_flag("-q,--quiet", o->quiet, "No summary on stderr");
  cmd->footer(
      "Lines go in batches of --events-per-message to STREAM.events, one NDJSON message each, with\n"
      "Nats-Msg-Id <input>:<first line>[-<last line>]: a second publish of the same input with the same\n"
      "batching within 2 minutes is de-duplicated by the server. Exit status: 0 ok; 2 bad arguments;\n"
      "3 an input could not be read; 5 NATS failure.");
  cmd->callback([o] {
    const int status = run_publish(*o);
    nats_Close();  // libnats' own threads and memory (after every client is gone)
    throw CLI::RuntimeError(status);
  });
}

}  // namespace rulejit::cli
