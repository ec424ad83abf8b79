// The merger's record: see merger_record.h.
#include "scaleout/merger_record.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <vector>

namespace rulejit::scaleout {

std::string record_subject(const std::string& stream, const std::string& fingerprint) {
  return stream + ".out.emitted." + fingerprint;
}

std::string encode_record(const EmitRecord& r) {
  // Before any window: a very negative number rather than -inf (one format).
  const double through = std::isfinite(r.windows_through) ? r.windows_through : -1e300;
  return fmt::format("RJE1 {} {} {} {}", through, r.rows_through, r.output_bytes, r.span);
}

bool parse_record(std::string_view text, EmitRecord* r, std::string* error) {
  std::vector<std::string_view> f;
  for (size_t i = 0; i <= text.size();) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    f.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  auto num = [](std::string_view s, auto* out) {
    auto res = std::from_chars(s.data(), s.data() + s.size(), *out);
    return res.ec == std::errc() && res.ptr == s.data() + s.size();
  };
  if (f.size() != 5 || f[0] != "RJE1") return *error = "not a merger record (RJE1)", false;
  if (!num(f[1], &r->windows_through) || !num(f[2], &r->rows_through) || !num(f[3], &r->output_bytes) ||
      !num(f[4], &r->span) || !std::isfinite(r->windows_through) || !(r->span > 0) || r->output_bytes < -1)
    return *error = "bad merger record '" + std::string(text.substr(0, 100)) + "'", false;
  return true;
}

int load_record(NatsClient& nc, const std::string& stream, const std::string& subject, EmitRecord* r,
                std::string* error) {
  natsMsg* msg = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetLastMsg(&msg, nc.jetstream(), stream.c_str(), subject.c_str(), nullptr, &code);
  if (s == NATS_NOT_FOUND) return 0;
  if (s != NATS_OK) return *error = nats_error("reading the merger's record", s, code), -1;
  std::string_view data(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
  const bool ok = parse_record(data, r, error);
  natsMsg_Destroy(msg);
  return ok ? 1 : -1;
}

}  // namespace rulejit::scaleout
