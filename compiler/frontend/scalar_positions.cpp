#include "compiler/frontend/scalar_positions.h"

#include <algorithm>
#include <limits>

namespace rulejit {

// ---------------------------------------------------------------- OffsetMap

OffsetMap OffsetMap::identity(uint32_t size, uint32_t base) {
  OffsetMap m;
  m.size_ = size;
  m.empty_base_ = base;
  if (size > 0) m.runs_.push_back({0, base, 1});
  return m;
}

OffsetMap OffsetMap::constant(uint32_t size, uint32_t offset) {
  OffsetMap m;
  m.size_ = size;
  m.empty_base_ = offset;
  if (size > 0) m.runs_.push_back({0, offset, 0});
  return m;
}

OffsetMap OffsetMap::from_offsets(const std::vector<uint32_t>& per_byte) {
  OffsetMap m;
  m.size_ = static_cast<uint32_t>(per_byte.size());
  if (!per_byte.empty()) m.empty_base_ = per_byte.front();
  for (uint32_t i = 0; i < m.size_; ++i) {
    uint32_t off = per_byte[i];
    if (!m.runs_.empty()) {
      Run& last = m.runs_.back();
      uint32_t len = i - last.decoded;
      if (len == 1 && off == last.file) {  // a run of one may still become step 0
        last.step = 0;
        continue;
      }
      if (off == last.file + last.step * len) continue;
    }
    m.runs_.push_back({i, off, 1});
  }
  return m;
}

uint32_t OffsetMap::at(uint32_t decoded) const {
  if (runs_.empty()) return empty_base_;
  if (decoded >= size_) {
    const Run& r = runs_.back();
    return r.file + r.step * (size_ - 1 - r.decoded) + 1;
  }
  auto it = std::upper_bound(runs_.begin(), runs_.end(), decoded,
                             [](uint32_t d, const Run& r) { return d < r.decoded; });
  const Run& r = *(it - 1);
  return r.file + r.step * (decoded - r.decoded);
}

// ---------------------------------------------------------------- scanning

size_t yaml_mark_to_offset(std::string_view file_text, int mark_pos) {
  if (mark_pos < 0) return 0;
  size_t bom = file_text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  return std::min(file_text.size(), static_cast<size_t>(mark_pos) + bom);
}

namespace {

bool is_white(char c) { return c == ' ' || c == '\t'; }
bool is_break(char c) { return c == '\n' || c == '\r'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Re-decodes one YAML scalar from raw text, recording where each output byte
// came from. Returns false on anything it does not understand; the caller then
// falls back. Flow folding follows YAML 1.2 §6.5/§7.3, block scalars §8.1.
class ScalarScanner {
 public:
  ScalarScanner(std::string_view src, size_t pos, std::string_view expected, int parent_indent)
      : s_(src), i_(pos), expected_(expected), parent_indent_(parent_indent) {}

  bool scan(ScalarStyle& style) {
    skip_properties();
    if (eof()) return false;
    switch (peek()) {
      case '\'': style = ScalarStyle::SingleQuoted; return scan_quoted('\'');
      case '"': style = ScalarStyle::DoubleQuoted; return scan_quoted('"');
      case '|': style = ScalarStyle::Literal; return scan_block(false);
      case '>': style = ScalarStyle::Folded; return scan_block(true);
      default: style = ScalarStyle::Plain; return scan_plain();
    }
  }

  std::string out;
  std::vector<uint32_t> at;

 private:
  std::string_view s_;
  size_t i_;
  std::string_view expected_;
  int parent_indent_;
  std::vector<size_t> pending_;  // buffered inner whitespace (dropped before a break)

  bool eof() const { return i_ >= s_.size(); }
  char peek(size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  size_t break_len(size_t p) const {
    if (s_[p] == '\r' && p + 1 < s_.size() && s_[p + 1] == '\n') return 2;
    return 1;
  }
  // Output never needs to exceed the expected value; stop early when it does.
  bool overflow() const { return out.size() > expected_.size(); }

  void emit(char c, size_t p) {
    out.push_back(c);
    at.push_back(static_cast<uint32_t>(p));
  }
  void flush_pending() {
    for (size_t p : pending_) emit(s_[p], p);
    pending_.clear();
  }

  void skip_space_and_comments() {
    for (;;) {
      while (!eof() && is_white(peek())) ++i_;
      if (peek() == '#') {
        while (!eof() && !is_break(peek())) ++i_;
      }
      if (!eof() && is_break(peek())) {
        i_ += break_len(i_);
        continue;
      }
      return;
    }
  }

  // yaml-cpp's mark for a node with a tag or anchor points at the property.
  void skip_properties() {
    while (!eof() && (peek() == '!' || peek() == '&')) {
      while (!eof() && !is_white(peek()) && !is_break(peek())) ++i_;
      skip_space_and_comments();
    }
  }

  // At a line break inside a flow scalar: a single break folds to a space,
  // each following empty line gives '\n'; whitespace around is dropped. After
  // an escaped break ("\" at line end) the break itself gives nothing.
  void fold_break(bool escaped) {
    size_t first_break = i_;
    i_ += break_len(i_);
    std::vector<size_t> empties;
    for (;;) {
      size_t p = i_;
      while (p < s_.size() && is_white(s_[p])) ++p;
      if (p < s_.size() && is_break(s_[p])) {
        empties.push_back(p);
        i_ = p + break_len(p);
        continue;
      }
      i_ = p;
      break;
    }
    if (!escaped && empties.empty()) emit(' ', first_break);
    for (size_t p : empties) emit('\n', p);
  }

  void emit_utf8(uint32_t cp, size_t p) {
    if (cp < 0x80) {
      emit(static_cast<char>(cp), p);
    } else if (cp < 0x800) {
      emit(static_cast<char>(0xC0 | (cp >> 6)), p);
      emit(static_cast<char>(0x80 | (cp & 0x3F)), p);
    } else if (cp < 0x10000) {
      emit(static_cast<char>(0xE0 | (cp >> 12)), p);
      emit(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), p);
      emit(static_cast<char>(0x80 | (cp & 0x3F)), p);
    } else {
      emit(static_cast<char>(0xF0 | (cp >> 18)), p);
      emit(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)), p);
      emit(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), p);
      emit(static_cast<char>(0x80 | (cp & 0x3F)), p);
    }
  }

  // Decodes the escape whose backslash is at i_ (not a line break escape).
  bool escape() {
    size_t bs = i_;
    char e = peek(1);
    i_ += 2;
    switch (e) {
      case '0': emit('\0', bs); return true;
      case 'a': emit('\a', bs); return true;
      case 'b': emit('\b', bs); return true;
      case 't':
      case '\t': emit('\t', bs); return true;
      case 'n': emit('\n', bs); return true;
      case 'v': emit('\v', bs); return true;
      case 'f': emit('\f', bs); return true;
      case 'r': emit('\r', bs); return true;
      case 'e': emit('\x1b', bs); return true;
      case ' ': emit(' ', bs); return true;
      case '"': emit('"', bs); return true;
      case '/': emit('/', bs); return true;
      case '\\': emit('\\', bs); return true;
      case 'N': emit_utf8(0x85, bs); return true;
      case '_': emit_utf8(0xA0, bs); return true;
      case 'L': emit_utf8(0x2028, bs); return true;
      case 'P': emit_utf8(0x2029, bs); return true;
      case 'x':
      case 'u':
      case 'U': {
        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        uint32_t cp = 0;
        for (int k = 0; k < digits; ++k) {
          int h = hex_value(peek());
          if (h < 0) return false;
          cp = cp * 16 + static_cast<uint32_t>(h);
          ++i_;
        }
        if (cp > 0x10FFFF) return false;
        emit_utf8(cp, bs);
        return true;
      }
      default: return false;
    }
  }

  bool scan_quoted(char quote) {
    ++i_;  // opening quote
    for (;;) {
      if (eof() || overflow()) return false;
      char c = peek();
      if (c == quote) {
        flush_pending();
        if (quote == '\'' && peek(1) == '\'') {  // '' is a literal quote
          emit('\'', i_);
          i_ += 2;
          continue;
        }
        ++i_;
        return true;
      }
      if (quote == '"' && c == '\\') {
        flush_pending();
        if (i_ + 1 >= s_.size()) return false;
        if (is_break(peek(1))) {
          ++i_;
          fold_break(true);
          continue;
        }
        if (!escape()) return false;
        continue;
      }
      if (is_white(c)) {
        pending_.push_back(i_++);
      } else if (is_break(c)) {
        pending_.clear();
        fold_break(false);
      } else {
        flush_pending();
        emit(c, i_++);
      }
    }
  }

  // Where a plain scalar ends depends on context (": ", " #", flow
  // indicators, a less indented line); the expected length decides, and the
  // final comparison checks the result.
  bool scan_plain() {
    while (!eof()) {
      char c = peek();
      if (is_break(c)) {
        if (out.size() >= expected_.size()) break;
        pending_.clear();
        fold_break(false);
        continue;
      }
      if (is_white(c)) {
        pending_.push_back(i_++);
        continue;
      }
      if (out.size() >= expected_.size()) break;
      flush_pending();
      emit(c, i_++);
    }
    return true;
  }

  int header_line_indent(size_t header) const {
    size_t ls = s_.rfind('\n', header == 0 ? 0 : header - 1);
    ls = (ls == std::string_view::npos || header == 0) ? 0 : ls + 1;
    int n = 0;
    while (ls + static_cast<size_t>(n) < s_.size() && s_[ls + static_cast<size_t>(n)] == ' ') ++n;
    return n;
  }

  struct BlockLine {
    bool content = false;
    bool spaced = false;  // content starts with white space (folding keeps its breaks)
    size_t begin = 0, end = 0;
    size_t brk = std::string_view::npos;  // position of its line break; npos at EOF
  };

  bool scan_block(bool folded) {
    size_t header = i_;
    ++i_;
    int chomp = 0;  // -1 strip, 0 clip, +1 keep
    int explicit_indent = 0;
    for (int k = 0; k < 2; ++k) {
      char c = peek();
      if (c == '-') chomp = -1;
      else if (c == '+') chomp = 1;
      else if (c >= '1' && c <= '9') explicit_indent = c - '0';
      else break;
      ++i_;
    }
    while (!eof() && is_white(peek())) ++i_;
    if (peek() == '#')
      while (!eof() && !is_break(peek())) ++i_;
    if (eof()) return true;  // empty block at end of file
    if (!is_break(peek())) return false;
    i_ += break_len(i_);

    int indent = 0;
    if (explicit_indent > 0) {
      indent = (parent_indent_ >= 0 ? parent_indent_ : header_line_indent(header)) + explicit_indent;
    } else {
      // Auto-detect: the first non-blank line's indentation.
      size_t p = i_;
      int max_blank = 0;
      indent = -1;
      while (p < s_.size()) {
        int sp = 0;
        while (p < s_.size() && s_[p] == ' ') ++p, ++sp;
        if (p >= s_.size() || is_break(s_[p])) {
          max_blank = std::max(max_blank, sp);
          if (p < s_.size()) p += break_len(p);
          continue;
        }
        indent = sp;
        break;
      }
      if (indent < 0) indent = std::max(1, max_blank);
      if (parent_indent_ >= 0 && indent <= parent_indent_) indent = parent_indent_ + 1;
      if (indent == 0) indent = 1;  // a column-0 line ends the block
    }

    std::vector<BlockLine> lines;
    while (!eof()) {
      size_t ls = i_;
      size_t p = ls;
      int sp = 0;
      while (p < s_.size() && s_[p] == ' ' && sp < indent) ++p, ++sp;
      size_t e = p;
      while (e < s_.size() && !is_break(s_[e])) ++e;
      BlockLine line;
      line.begin = p;
      line.end = e;
      line.brk = e < s_.size() ? e : std::string_view::npos;
      if (sp < indent) {
        bool blank = std::all_of(s_.begin() + static_cast<std::ptrdiff_t>(p),
                                 s_.begin() + static_cast<std::ptrdiff_t>(e),
                                 [](char c) { return c == ' '; });
        if (!blank) {
          i_ = ls;  // a less indented line ends the block
          break;
        }
      } else if (e > p) {
        line.content = true;
        line.spaced = is_white(s_[p]);
      }
      lines.push_back(line);
      i_ = e < s_.size() ? e + break_len(e) : s_.size();
    }

    auto break_pos = [](const BlockLine& l) { return l.brk != std::string_view::npos ? l.brk : l.end; };
    const BlockLine* prev = nullptr;
    std::vector<const BlockLine*> empties;
    for (const BlockLine& line : lines) {
      if (!line.content) {
        empties.push_back(&line);
        continue;
      }
      if (prev != nullptr) {
        bool fold = folded && !prev->spaced && !line.spaced;
        if (!fold) emit('\n', break_pos(*prev));
        else if (empties.empty()) emit(' ', break_pos(*prev));
      }
      for (const BlockLine* e : empties) emit('\n', break_pos(*e));
      empties.clear();
      for (size_t p = line.begin; p < line.end; ++p) emit(s_[p], p);
      prev = &line;
      if (overflow()) return false;
    }
    // Chomping of the final break and trailing empty lines.
    if (chomp >= 0 && prev != nullptr && prev->brk != std::string_view::npos) emit('\n', prev->brk);
    if (chomp > 0)
      for (const BlockLine* e : empties)
        if (e->brk != std::string_view::npos) emit('\n', e->brk);
    return true;
  }
};

}  // namespace

ScalarPositions map_scalar_positions(std::string_view file_text, size_t node_offset,
                                     std::string_view decoded, int parent_indent) {
  ScalarPositions r;
  constexpr size_t kMax = std::numeric_limits<uint32_t>::max() / 2;
  if (file_text.size() > kMax || decoded.size() > kMax) return r;  // cannot index; empty map
  node_offset = std::min(node_offset, file_text.size());
  r.map = OffsetMap::constant(static_cast<uint32_t>(decoded.size()),
                              static_cast<uint32_t>(node_offset));
  ScalarScanner scanner(file_text, node_offset, decoded, parent_indent);
  ScalarStyle style = ScalarStyle::Plain;
  bool ok = scanner.scan(style);
  r.style = style;
  if (ok && scanner.out == decoded) {
    if (!decoded.empty()) r.map = OffsetMap::from_offsets(scanner.at);
    r.exact = true;
  }
  return r;
}

}  // namespace rulejit
