#include "runtime/events/read_stats.h"

namespace rulejit::rt {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::None: return "none";
    case ErrorKind::ReadError: return "read_error";
    case ErrorKind::OverLongLine: return "over_long_line";
    case ErrorKind::InvalidUtf8: return "invalid_utf8";
    case ErrorKind::MalformedJson: return "malformed_json";
    case ErrorKind::Truncated: return "truncated";
    case ErrorKind::TooDeep: return "too_deep";
    case ErrorKind::NotAnObject: return "not_an_object";
    case ErrorKind::TrailingContent: return "trailing_content";
    case ErrorKind::DuplicateKey: return "duplicate_key";
    case ErrorKind::ValuesCapped: return "values_capped";
  }
  return "unknown";
}

uint64_t ReadStats::total_problems() const {
  uint64_t n = 0;
  for (size_t i = 1; i < kErrorKindCount; ++i) n += errors[i];
  return n;
}

uint64_t ReadStats::skipped_lines() const { return total_problems() - warnings(); }

uint64_t ReadStats::warnings() const {
  uint64_t n = 0;
  for (size_t i = 1; i < kErrorKindCount; ++i)
    if (keeps_event(static_cast<ErrorKind>(i))) n += errors[i];
  return n;
}

void ReadStats::record(ErrorKind kind, std::string_view file, uint64_t line,
                       uint64_t byte_offset, std::string_view reason) {
  ++errors[static_cast<size_t>(kind)];
  if (problems.size() < max_problems) {
    problems.push_back(Problem{kind, std::string(file), line, byte_offset, std::string(reason)});
  }
}

void ReadStats::merge(const ReadStats& o) {
  bytes_read += o.bytes_read;
  lines += o.lines;
  empty_lines += o.empty_lines;
  inputs_opened += o.inputs_opened;
  events_ok += o.events_ok;
  events_skipped += o.events_skipped;
  for (size_t i = 0; i < kErrorKindCount; ++i) errors[i] += o.errors[i];
  for (const Problem& p : o.problems) {
    if (problems.size() >= max_problems) break;
    problems.push_back(p);
  }
}

std::string ReadStats::summary() const {
  std::string s;
  s += "inputs=" + std::to_string(inputs_opened) + " bytes=" + std::to_string(bytes_read) +
       " lines=" + std::to_string(lines) + " empty=" + std::to_string(empty_lines) +
       " events_ok=" + std::to_string(events_ok) +
       " events_skipped=" + std::to_string(events_skipped) + "\n";
  for (size_t i = 1; i < kErrorKindCount; ++i) {
    if (errors[i] == 0) continue;
    s += "  ";
    s += to_string(static_cast<ErrorKind>(i));
    s += ": " + std::to_string(errors[i]) + "\n";
  }
  for (const Problem& p : problems) {
    s += "  " + p.file;
    if (p.line != 0) s += ":" + std::to_string(p.line);
    s += ": ";
    s += to_string(p.kind);
    s += ": " + p.reason + "\n";
  }
  const uint64_t total = total_problems();
  if (total > problems.size()) {
    s += "  (" + std::to_string(total - problems.size()) + " more problems not shown)\n";
  }
  return s;
}

}  // namespace rulejit::rt
