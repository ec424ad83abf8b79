// Event framing: see event_batch.h.
#include "scaleout/event_batch.h"

#include <fmt/format.h>


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

}  // namespace rulejit::scaleout
