// NatsClient: one connection to a NATS server with its JetStream context, and
// the few JetStream calls scale-out needs (libnats, the NATS C client).
//
// Contract:
//  - connect() fails (false, *error) when the server cannot be reached; once
//    connected, the client reconnects on its own for about a minute after
//    the server goes away (a restart of nats-server with file storage:
//    streams and durable consumers come back; tests/unit/scaleout).
//  - ensure_stream(name) creates stream `name` (file storage) with the
//    subjects of stream_subjects(name) when it does not exist; an existing
//    stream is used as it is.
//  - publish() is a JetStream publish that waits for the server's ack: when
//    it returns true the message is stored. A non-empty msg_id sets
//    Nats-Msg-Id: the stream drops a second message with that id within its
//    duplicate window (kDuplicateWindowSeconds), and reports it as duplicate.
//    While the server is away (timeout, no responders, disconnected) the
//    publish is retried for up to kRetrySeconds: safe for messages with a
//    msg id (the server drops the copy), harmless for marks.
//  - wait_async() resends asynchronous publishes whose ack did not come (the
//    server restarted) or came back as a transient error, with their msg
//    ids, until every one is acked or kRetrySeconds pass; failed counts only
//    those refused for good or still unacked then.
//  - Not thread-safe: one client per thread (async acks are counted on
//    libnats' thread, hence the atomics).
#pragma once

#include <nats/nats.h>

#include <atomic>
#include <mutex>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rulejit::scaleout {

// Subjects of stream NAME: events in, worker output (partials, watermarks,
// per-event rows: one subject tree, so the merger reads them in stream order),
// merged rows out.
struct Subjects {
  std::string events;    // NAME.events
  std::string out_all;   // NAME.out.>
  std::string partials;  // NAME.out.partial
  std::string marks;     // NAME.out.mark
  std::string rows;      // NAME.out.row
  std::string results;   // NAME.results (merged rows)
};
Subjects stream_subjects(const std::string& stream);

inline constexpr int64_t kDuplicateWindowSeconds = 120;
inline constexpr double kRetrySeconds = 60;

class NatsClient {
 public:
  NatsClient() = default;
  ~NatsClient();
  NatsClient(const NatsClient&) = delete;
  NatsClient& operator=(const NatsClient&) = delete;

  bool connect(const std::string& url, const std::string& name, std::string* error);
  bool ensure_stream(const std::string& stream, std::string* error);
  // *duplicate (optional) says the stream already had msg_id.
  bool publish(const std::string& subject, std::string_view data, const std::string& msg_id, std::string* error,
               bool* duplicate = nullptr);
  // Asynchronous JetStream publish (for bulk input): returns once queued;
  // wait_async() waits for every ack. Outcomes are counted below.
  bool publish_async(const std::string& subject, std::string_view data, const std::string& msg_id,
                     std::string* error);
  bool wait_async(double seconds, std::string* error);
  struct AsyncCounts {
    std::atomic<uint64_t> stored{0}, duplicates{0}, failed{0};
  };
  const AsyncCounts& async_counts() const { return async_; }
  // Waits until the server has seen everything sent (acks included).
  bool flush(std::string* error);

  natsConnection* connection() { return nc_; }
  jsCtx* jetstream() { return js_; }

 private:
  static void on_async_ack(jsCtx* js, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure);
  void resend_async();
  natsConnection* nc_ = nullptr;
  jsCtx* js_ = nullptr;
  AsyncCounts async_;
  std::mutex retry_mu_;
  std::vector<natsMsg*> retry_;  // refused for a transient reason: resent by wait_async
};

// Whether a failed publish or request may succeed later (server away).
bool transient(natsStatus s);

// The consumer's events not yet delivered to any subscriber (its lag);
// *redelivered and *ack_pending get its other counters. 0 (and the
// counters untouched) when the server cannot tell now.
uint64_t consumer_lag(natsSubscription* sub, int64_t* redelivered, int64_t* ack_pending);

// "what: status text (jetstream error code)".
std::string nats_error(const char* what, natsStatus s, jsErrCode code = static_cast<jsErrCode>(0));

// The Nats-Msg-Id header of a received message ("" when absent).
std::string msg_id_of(natsMsg* msg);

}  // namespace rulejit::scaleout
