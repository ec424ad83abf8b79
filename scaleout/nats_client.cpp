// NatsClient: see nats_client.h.
#include "scaleout/nats_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace rulejit::scaleout {

Subjects stream_subjects(const std::string& stream) {
  Subjects s;
  s.events = stream + ".events";
  s.out_all = stream + ".out.>";
  s.partials = stream + ".out.partial";
  s.marks = stream + ".out.mark";
  s.rows = stream + ".out.row";
  s.results = stream + ".results";
  return s;
}

std::string nats_error(const char* what, natsStatus s, jsErrCode code) {
  std::string text = fmt::format("{}: {}", what, natsStatus_GetText(s));
  if (code != 0) text += fmt::format(" (JetStream error {})", static_cast<int>(code));
  return text;
}

std::string msg_id_of(natsMsg* msg) {
  const char* v = nullptr;
  if (natsMsgHeader_Get(msg, "Nats-Msg-Id", &v) == NATS_OK && v) return v;
  return "";
}

bool NatsClient::connect(const std::string& url, const std::string& name, std::string* error) {
  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  if (s == NATS_OK) s = natsOptions_SetURL(opts, url.c_str());
  if (s == NATS_OK) s = natsOptions_SetName(opts, name.c_str());
  // Keep trying for a while when the server goes away (no data is lost:
  // unacked events are redelivered, publishes wait for their acks).
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, 120);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 500);
  // Event batches are large (up to 1 MiB a message): read the socket in
  // 1 MiB chunks rather than libnats' 32 KiB (fewer reads and wakeups).
  if (s == NATS_OK) s = natsOptions_SetIOBufSize(opts, 1 << 20);
  if (s == NATS_OK) s = natsConnection_Connect(&nc_, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) {
    *error = nats_error(("cannot connect to " + url).c_str(), s);
    return false;
  }
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = 10000;  // ms for a JetStream API reply or publish ack
  jo.PublishAsync.MaxPending = 4096;
  jo.PublishAsync.AckHandler = &NatsClient::on_async_ack;
  jo.PublishAsync.AckHandlerClosure = this;
  s = natsConnection_JetStream(&js_, nc_, &jo);
  if (s != NATS_OK) {
    *error = nats_error("JetStream context", s);
    return false;
  }
  return true;
}

bool NatsClient::ensure_stream(const std::string& stream, std::string* error) {
  jsStreamInfo* si = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&si, js_, stream.c_str(), nullptr, &code);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(si);
    return true;
  }
  if (s != NATS_NOT_FOUND) {
    *error = nats_error(("stream " + stream).c_str(), s, code);
    return false;
  }
  Subjects subj = stream_subjects(stream);
  const char* subjects[] = {subj.events.c_str(), subj.out_all.c_str(), subj.results.c_str()};
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = stream.c_str();
  cfg.Subjects = subjects;
  cfg.SubjectsLen = 3;
  cfg.Storage = js_FileStorage;
  cfg.Duplicates = kDuplicateWindowSeconds * int64_t{1000000000};  // nanoseconds
  s = js_AddStream(&si, js_, &cfg, nullptr, &code);
  if (s != NATS_OK) {
    // Another process may have created it meanwhile.
    if (js_GetStreamInfo(&si, js_, stream.c_str(), nullptr, nullptr) == NATS_OK) {
      jsStreamInfo_Destroy(si);
      return true;
    }
    *error = nats_error(("cannot create stream " + stream).c_str(), s, code);
    return false;
  }
  jsStreamInfo_Destroy(si);
  return true;
}

bool transient(natsStatus s) {
  return s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS || s == NATS_CONNECTION_DISCONNECTED ||
         s == NATS_STALE_CONNECTION || s == NATS_IO_ERROR || s == NATS_NOT_YET_CONNECTED;
}

uint64_t consumer_lag(natsSubscription* sub, int64_t* redelivered, int64_t* ack_pending) {
  jsConsumerInfo* ci = nullptr;
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = 2000;  // a summary number: not worth a long wait
  if (natsSubscription_GetConsumerInfo(&ci, sub, &jo, nullptr) != NATS_OK || !ci) return 0;
  const uint64_t pending = ci->NumPending;
  *redelivered = ci->NumRedelivered;
  *ack_pending = ci->NumAckPending;
  jsConsumerInfo_Destroy(ci);
  return pending;
}

NatsClient::~NatsClient() {
  for (natsMsg* m : retry_) natsMsg_Destroy(m);
  if (js_) jsCtx_Destroy(js_);
  if (nc_) natsConnection_Destroy(nc_);
}

bool NatsClient::publish(const std::string& subject, std::string_view data, const std::string& msg_id,
                         std::string* error, bool* duplicate) {
  jsPubOptions po;
  jsPubOptions_Init(&po);
  if (!msg_id.empty()) po.MsgId = msg_id.c_str();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(kRetrySeconds);
  while (true) {
    jsPubAck* ack = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_Publish(&ack, js_, subject.c_str(), data.data(), static_cast<int>(data.size()), &po, &code);
    if (s == NATS_OK) {
      if (duplicate) *duplicate = ack->Duplicate;
      jsPubAck_Destroy(ack);
      return true;
    }
    // The server is away (restarting): the same message again, same msg id.
    if (!transient(s) || std::chrono::steady_clock::now() >= deadline) {
      *error = nats_error(("publish to " + subject).c_str(), s, code);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

void NatsClient::on_async_ack(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure) {
  auto* self = static_cast<NatsClient*>(closure);
  if (pa) {
    (pa->Duplicate ? self->async_.duplicates : self->async_.stored).fetch_add(1);
  } else if (pae && transient(pae->Err) && msg) {
    std::lock_guard<std::mutex> lock(self->retry_mu_);
    self->retry_.push_back(msg);  // wait_async resends it
    return;
  } else if (pae) {
    self->async_.failed.fetch_add(1);
  }
  natsMsg_Destroy(msg);
}

bool NatsClient::publish_async(const std::string& subject, std::string_view data, const std::string& msg_id,
                               std::string* error) {
  jsPubOptions po;
  jsPubOptions_Init(&po);
  if (!msg_id.empty()) po.MsgId = msg_id.c_str();
  natsStatus s = js_PublishAsync(js_, subject.c_str(), data.data(), static_cast<int>(data.size()), &po);
  if (s != NATS_OK) return *error = nats_error(("publish to " + subject).c_str(), s), false;
  return true;
}

void NatsClient::resend_async() {
  std::vector<natsMsg*> again;
  {
    std::lock_guard<std::mutex> lock(retry_mu_);
    again.swap(retry_);
  }
  // Still unacked (the ack was lost with the server): resend those too.
  natsMsgList pending{};
  if (js_PublishAsyncGetPendingList(&pending, js_) == NATS_OK) {
    for (int i = 0; i < pending.Count; ++i) again.push_back(pending.Msgs[i]), pending.Msgs[i] = nullptr;
    natsMsgList_Destroy(&pending);
  }
  for (natsMsg*& m : again) {
    // On success the library owns the message (m becomes null).
    if (js_PublishMsgAsync(js_, &m, nullptr) != NATS_OK) {
      std::lock_guard<std::mutex> lock(retry_mu_);
      retry_.push_back(m);
      m = nullptr;
    }
  }
}

bool NatsClient::wait_async(double seconds, std::string* error) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(std::max(seconds, kRetrySeconds));
  while (true) {
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MaxWait = static_cast<int64_t>(std::min(seconds, 5.0) * 1000);
    natsStatus s = js_PublishAsyncComplete(js_, &po);
    bool retry_empty;
    {
      std::lock_guard<std::mutex> lock(retry_mu_);
      retry_empty = retry_.empty();
    }
    if (s == NATS_OK && retry_empty) return true;
    if (s != NATS_OK && s != NATS_TIMEOUT) return *error = nats_error("waiting for publish acks", s), false;
    if (std::chrono::steady_clock::now() >= deadline) {
      std::lock_guard<std::mutex> lock(retry_mu_);
      async_.failed.fetch_add(retry_.size());
      for (natsMsg* m : retry_) natsMsg_Destroy(m);
      retry_.clear();
      return *error = nats_error("waiting for publish acks", s), false;
    }
    if (s == NATS_OK) std::this_thread::sleep_for(std::chrono::milliseconds(250));  // server away: let it come back
    resend_async();
  }
}

bool NatsClient::flush(std::string* error) {
  natsStatus s = natsConnection_FlushTimeout(nc_, 10000);
  if (s != NATS_OK) {
    *error = nats_error("flush", s);
    return false;
  }
  return true;
}

}  // namespace rulejit::scaleout
