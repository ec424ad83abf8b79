// Event framing and cover notes: see event_batch.h.
#include "scaleout/event_batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace rulejit::scaleout {

void split_events(std::string_view body, std::vector<std::string_view>* events) {
  events->clear();
  size_t i = 0;
  while (i < body.size()) {
    size_t j = body.find('\n', i);
    if (j == std::string_view::npos) j = body.size();
    std::string_view line = body.substr(i, j - i);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) events->push_back(line);
    i = j + 1;
  }
}

bool EventBatcher::full_before(std::string_view line, std::string_view input) const {
  if (events_ == 0) return false;
  return events_ >= max_events_ || input != input_ || body_.size() + 1 + line.size() > max_bytes_;
}

void EventBatcher::add(std::string_view line, std::string_view input, uint64_t line_number) {
  if (events_ == 0) {
    input_ = input;
    first_ = line_number;
  } else {
    body_ += '\n';
  }
  body_.append(line);
  last_ = line_number;
  ++events_;
}

void EventBatcher::take(std::string* body, std::string* msg_id) {
  *msg_id = events_ == 1 ? fmt::format("{}:{}", input_, first_) : fmt::format("{}:{}-{}", input_, first_, last_);
  body->swap(body_);
  body_.clear();
  events_ = 0;
}

std::string cover_subject(const std::string& stream, uint64_t message_seq) {
  return fmt::format("{}.out.cover.{}", stream, message_seq);
}

std::string encode_cover(uint64_t message_seq, std::vector<uint32_t> indexes) {
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  std::string out = fmt::format("RJC1 {} ", message_seq);
  // Runs as a-b: a message's covered events are mostly one run.
  for (size_t i = 0; i < indexes.size();) {
    size_t j = i;
    while (j + 1 < indexes.size() && indexes[j + 1] == indexes[j] + 1) ++j;
    if (i > 0) out += ',';
    out += j == i ? fmt::format("{}", indexes[i]) : fmt::format("{}-{}", indexes[i], indexes[j]);
    i = j + 1;
  }
  return out;
}

bool parse_cover(std::string_view note, uint64_t message_seq, std::vector<uint32_t>* indexes) {
  indexes->clear();
  const std::string head = fmt::format("RJC1 {} ", message_seq);
  if (note.substr(0, head.size()) != head) return false;
  std::string_view rest = note.substr(head.size());
  auto number = [&](uint32_t* v) {
    auto r = std::from_chars(rest.data(), rest.data() + rest.size(), *v);
    if (r.ec != std::errc() || *v >= kMaxEventsPerMessage) return false;
    rest.remove_prefix(static_cast<size_t>(r.ptr - rest.data()));
    return true;
  };
  while (!rest.empty()) {
    uint32_t a = 0, b = 0;
    if (!number(&a)) return false;
    b = a;
    if (!rest.empty() && rest[0] == '-') {
      rest.remove_prefix(1);
      if (!number(&b) || b < a) return false;
    }
    for (uint32_t k = a; k <= b; ++k) indexes->push_back(k);
    if (!rest.empty()) {
      if (rest[0] != ',') return false;
      rest.remove_prefix(1);
      if (rest.empty()) return false;
    }
  }
  return true;
}

}  // namespace rulejit::scaleout
