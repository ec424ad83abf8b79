// Event framing on STREAM.events: one JetStream message holds one or more
// NDJSON events, so the server stores, delivers and tracks acks per batch of
// events instead of per event (the per-message cost of nats-server and of a
// worker's fetch/ack is what limits scale-out on a small machine).
//
// Contract:
//  - A message body is NDJSON: events separated by '\n' (a trailing '\n'
//    is allowed; blank lines are skipped and take no index). A message of
//    one line is what `rulejit publish` wrote before batching, so old and
//    new publishers mix in one stream.
//  - An event is named by (stream sequence of its message, index among the
//    message's events). event_number() orders events like the stream: the
//    engines' arrival numbers (Engine::set_sequence) come from it, so the
//    partials of several workers still merge like one engine over the stream.
//  - At most kMaxEventsPerMessage events per message; a worker treats the
//    events past it as malformed.
//  - EventBatcher (publisher side) cuts a batch at max_events events or
//    before max_bytes would be passed (a single larger line is a message of
//    its own) or when the input file changes; the message id of a batch is "<input>:<first line>" for one
//    line and "<input>:<first line>-<last line>" for more, so a second
//    publish of the same input with the same batching is de-duplicated by
//    the server.
//  - Message seq and index also name an event in partial states (wire.h
//    <seqs>, worker_recovery.h), so a redelivered copy counts once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::scaleout {

inline constexpr int kEventIndexBits = 20;
inline constexpr uint32_t kMaxEventsPerMessage = 1u << kEventIndexBits;

inline uint64_t event_number(uint64_t message_seq, uint32_t index) {
  return (message_seq << kEventIndexBits) | index;
}

// The events of a message body, in order (views into `body`).
void split_events(std::string_view body, std::vector<std::string_view>* events);

class EventBatcher {
 public:
  EventBatcher(size_t max_events, size_t max_bytes) : max_events_(max_events), max_bytes_(max_bytes) {}
  // True when the batch must be taken before this line is added.
  bool full_before(std::string_view line, std::string_view input) const;
  // One non-blank line.
  void add(std::string_view line, std::string_view input, uint64_t line_number);
  bool empty() const { return events_ == 0; }
  size_t events() const { return events_; }
  // The body and message id of the batch so far; the batcher is empty after.
  void take(std::string* body, std::string* msg_id);

 private:
  size_t max_events_, max_bytes_;
  std::string body_;
  std::string input_;
  uint64_t first_ = 0, last_ = 0;
  size_t events_ = 0;
};

}  // namespace rulejit::scaleout
