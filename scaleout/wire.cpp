// Partial-state and mark messages: see wire.h.
#include "scaleout/wire.h"

#include "compiler/ir/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

namespace rulejit::scaleout {
namespace {

constexpr size_t kMaxHeader = size_t{4} << 20;

std::vector<std::string_view> split_spaces(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    size_t j = line.find(' ', i);
    if (j == std::string_view::npos) j = line.size();
    out.push_back(line.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool parse_double(std::string_view s, double* out) {
  if (s == "inf") return *out = std::numeric_limits<double>::infinity(), true;
  if (s == "-inf") return *out = -std::numeric_limits<double>::infinity(), true;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(*out);
}

template <typename T>
bool parse_int(std::string_view s, T* out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string format_double(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);  // shortest form that reads back exactly
}

}  // namespace

bool valid_worker_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

std::string pack_fingerprint(const ir::Pack& pack) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // separator: ("ab","c") != ("a","bc")
    h *= 1099511628211ull;
  };
  for (const auto& r : pack.rules) {
    mix(r.key());
    mix(ir::print_plan(*r.plan));
  }
  return fmt::format("{:016x}", h);
}

SeqRanges seq_ranges(std::vector<uint64_t> seqs) {
  std::sort(seqs.begin(), seqs.end());
  SeqRanges out;
  for (uint64_t s : seqs) {
    if (!out.empty() && s <= out.back().second + 1) out.back().second = std::max(out.back().second, s);
    else out.emplace_back(s, s);
  }
  return out;
}

SeqRanges span_ranges(SeqRanges spans) {
  std::sort(spans.begin(), spans.end());
  SeqRanges out;
  for (const auto& [a, b] : spans) {
    if (!out.empty() && a <= out.back().second + 1) out.back().second = std::max(out.back().second, b);
    else out.emplace_back(a, b);
  }
  return out;
}

std::string format_seq_ranges(const SeqRanges& r) {
  if (r.empty()) return "-";
  std::string out;
  for (const auto& [a, b] : r) {
    if (!out.empty()) out += ',';
    out += a == b ? fmt::format("{}", a) : fmt::format("{}-{}", a, b);
  }
  return out;
}

bool parse_seq_ranges(std::string_view text, SeqRanges* out) {
  out->clear();
  if (text == "-") return true;
  if (text.empty()) return false;
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find(',', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view item = text.substr(i, j - i);
    size_t dash = item.find('-');
    uint64_t a = 0, b = 0;
    if (!parse_int(item.substr(0, dash), &a)) return false;
    b = a;
    if (dash != std::string_view::npos && !parse_int(item.substr(dash + 1), &b)) return false;
    // Sorted and disjoint (with a gap), as seq_ranges writes them.
    if (b < a || (!out->empty() && a <= out->back().second + 1)) return false;
    out->emplace_back(a, b);
    i = j + 1;
  }
  return true;
}

std::string encode_partial(const PartialHeader& h, std::string_view state_bytes) {
  std::string out = fmt::format("RJP2 {} {} {} {} {} {}\n", h.worker, h.window, format_double(h.span), h.pack, h.id,
                                format_seq_ranges(h.seqs));
  out.append(state_bytes);
  return out;
}

bool parse_partial(std::string_view message, PartialHeader* h, std::string_view* state, std::string* error) {
  size_t nl = message.find('\n');
  // The header grows with the sequence ranges (about one per fetched batch).
  if (nl == std::string_view::npos || nl > kMaxHeader) return *error = "no partial-state header line", false;
  auto f = split_spaces(message.substr(0, nl));
  if (f.size() != 7 || f[0] != "RJP2") return *error = "not a partial-state message (RJP2)", false;
  h->worker = std::string(f[1]);
  h->pack = std::string(f[4]);
  h->id = std::string(f[5]);
  if (!valid_worker_id(h->worker)) return *error = "bad worker id", false;
  if (!parse_int(f[2], &h->window)) return *error = "bad window index", false;
  if (!parse_double(f[3], &h->span) || !(h->span > 0)) return *error = "bad window span", false;
  if (h->id.empty() || h->pack.size() != 16) return *error = "bad partial id or pack fingerprint", false;
  if (!parse_seq_ranges(f[6], &h->seqs)) return *error = "bad event sequence ranges", false;
  *state = message.substr(nl + 1);
  return true;
}

std::string encode_mark(const Mark& m) {
  return fmt::format("RJM2 {} {} {} {} {} {} {} {}", m.worker, format_double(m.watermark), m.done ? 1 : 0, m.events,
                     m.late, m.redelivered, m.held, m.pending);
}

bool parse_mark(std::string_view message, Mark* m, std::string* error) {
  auto f = split_spaces(message);
  if (f.size() != 9 || f[0] != "RJM2") return *error = "not a watermark message (RJM2)", false;
  m->worker = std::string(f[1]);
  if (!valid_worker_id(m->worker)) return *error = "bad worker id", false;
  if (!parse_double(f[2], &m->watermark))
    return *error = "bad watermark", false;
  if (f[3] != "0" && f[3] != "1") return *error = "bad done flag", false;
  m->done = f[3] == "1";
  if (!parse_int(f[4], &m->events) || !parse_int(f[5], &m->late) || !parse_int(f[6], &m->redelivered) ||
      !parse_int(f[7], &m->held) || !parse_int(f[8], &m->pending))
    return *error = "bad counters", false;
  return true;
}

}  // namespace rulejit::scaleout
