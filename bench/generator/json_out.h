// Compact JSON output in the exact byte form Go's protojson writes.
//
// Contract:
// - Strings are escaped like protojson: `"` and `\` get a backslash; control
//   characters below U+0020 become \b \f \n \r \t or \u00xx (lower-case hex);
//   everything else, including `<`, `>`, `&`, DEL and non-ASCII UTF-8, is
//   copied raw. Input must already be valid UTF-8 (the generator only builds
//   valid strings; Tetragon replaces bad bytes with U+FFFD before marshalling).
// - Timestamps are RFC 3339 UTC with protojson trimming: 0, 3, 6 or 9
//   fractional digits, whichever is the shortest exact form.
// - The separator after a comma is either "," or ", " (protojson's detrand
//   single-line mode); nothing else ever adds whitespace.
// JsonOut appends to a caller-owned std::string so the buffer's capacity is
// reused across events.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rulejit::bench {

void append_json_string(std::string& out, std::string_view s);
void append_u64(std::string& out, uint64_t v);
void append_i64(std::string& out, int64_t v);
// Shortest round-trip form (std::to_chars); used only for summaries.
void append_f64(std::string& out, double v);
// unix_ns: nanoseconds since 1970-01-01T00:00:00Z.
void append_timestamp(std::string& out, uint64_t unix_ns);
// Standard base64 alphabet with '=' padding (Go's base64.StdEncoding).
void append_base64(std::string& out, std::string_view bytes);
// Decodes standard padded base64; returns false on any malformed input.
bool decode_base64(std::string_view in, std::string& out);

class JsonOut {
 public:
  JsonOut(std::string& out, bool comma_space) : out_(out), comma_space_(comma_space) {}

  void key(std::string_view k) {
    sep();
    out_ += '"';
    out_ += k;  // keys are proto names: never need escaping
    out_ += "\":";
    need_sep_ = false;
  }
  void str(std::string_view v) {
    sep();
    append_json_string(out_, v);
    need_sep_ = true;
  }
  void u64(uint64_t v) {
    sep();
    append_u64(out_, v);
    need_sep_ = true;
  }
  void i64(int64_t v) {
    sep();
    append_i64(out_, v);
    need_sep_ = true;
  }
  void f64(double v) {
    sep();
    append_f64(out_, v);
    need_sep_ = true;
  }
  // 64-bit integers are JSON strings in protojson.
  void u64_string(uint64_t v) {
    sep();
    out_ += '"';
    append_u64(out_, v);
    out_ += '"';
    need_sep_ = true;
  }
  void boolean(bool v) {
    sep();
    out_ += v ? "true" : "false";
    need_sep_ = true;
  }
  void timestamp(uint64_t unix_ns) {
    sep();
    out_ += '"';
    append_timestamp(out_, unix_ns);
    out_ += '"';
    need_sep_ = true;
  }
  void begin_obj() {
    sep();
    out_ += '{';
    need_sep_ = false;
  }
  void end_obj() {
    out_ += '}';
    need_sep_ = true;
  }
  void begin_arr() {
    sep();
    out_ += '[';
    need_sep_ = false;
  }
  void end_arr() {
    out_ += ']';
    need_sep_ = true;
  }
  // Appends pre-rendered `"k":v,"k2":v2` members (rendered with the same
  // separator mode) as if they had been written one by one.
  void members(std::string_view fragment) {
    if (fragment.empty()) return;
    sep();
    out_ += fragment;
    need_sep_ = true;
  }
  // Appends raw JSON that starts with its own separator or closing bracket
  // (a pre-rendered suffix); the next member gets a separator.
  void raw_suffix(std::string_view fragment) {
    out_ += fragment;
    need_sep_ = true;
  }
  // Declares that a value was just written (used when pre-rendering a
  // fragment that continues an object started elsewhere).
  void set_after_value() { need_sep_ = true; }

  std::string& buffer() { return out_; }
  bool comma_space() const { return comma_space_; }

 private:
  void sep() {
    if (need_sep_) {
      out_ += ',';
      if (comma_space_) out_ += ' ';
    }
  }
  std::string& out_;
  bool comma_space_;
  bool need_sep_ = false;
};

}  // namespace rulejit::bench
