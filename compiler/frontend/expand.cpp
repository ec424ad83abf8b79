#include "compiler/frontend/expand.h"

#include <algorithm>

namespace rulejit {

// ---------------------------------------------------------------- SourceMap

SourceMap::SourceMap(SourceFilePtr root_file, OffsetMap root_origin)
    : root_file_(std::move(root_file)), root_origin_(std::move(root_origin)) {}

uint32_t SourceMap::add_frame(MacroPtr macro, Origin call) {
  frames_.push_back({std::move(macro), call});
  return static_cast<uint32_t>(frames_.size() - 1);
}

void SourceMap::set_segments(std::vector<Segment> segments, uint32_t size) {
  segments_ = std::move(segments);
  size_ = size;
}

SourceMap::Origin SourceMap::origin(uint32_t expanded_offset) const {
  if (segments_.empty()) return {};
  if (expanded_offset >= size_) {  // just past the last byte
    Origin o = origin(size_ - 1);
    o.offset += 1;
    return o;
  }
  auto it = std::upper_bound(segments_.begin(), segments_.end(), expanded_offset,
                             [](uint32_t off, const Segment& s) { return off < s.begin; });
  const Segment& s = *(it - 1);
  return {s.origin.frame, s.origin.offset + (expanded_offset - s.begin)};
}

Diagnostic SourceMap::locate_origin(Origin o) const {
  Diagnostic d;
  Origin cur = o;
  while (cur.frame != 0 && cur.frame < frames_.size()) {
    const Frame& f = frames_[cur.frame];
    std::string note = "in expansion of ";
    note += f.macro && f.macro->builtin ? "built-in macro `" : "macro `";
    note += f.macro ? f.macro->name : std::string("?");
    note += "`";
    if (f.macro && f.macro->source) {
      LineCol lc = f.macro->source->locate(f.macro->definition_origin.at(cur.offset));
      note += " (" + f.macro->file + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + ")";
    }
    d.notes.push_back(std::move(note));
    cur = f.call;
  }
  if (root_file_) root_file_->set_position(d, root_origin_.at(cur.offset));
  return d;
}

Diagnostic SourceMap::locate(uint32_t expanded_offset) const {
  return locate_origin(origin(expanded_offset));
}

Diagnostic SourceMap::locate(uint32_t expanded_offset, Stage stage, std::string message,
                             Severity severity) const {
  Diagnostic d = locate(expanded_offset);
  d.stage = stage;
  d.severity = severity;
  d.message = std::move(message);
  return d;
}

uint32_t SourceMap::search_offset(uint32_t expanded_offset) const {
  Origin cur = origin(expanded_offset);
  while (cur.frame != 0 && cur.frame < frames_.size()) cur = frames_[cur.frame].call;
  return cur.offset;
}

std::vector<MacroPtr> SourceMap::macro_chain(uint32_t expanded_offset) const {
  std::vector<MacroPtr> chain;
  Origin cur = origin(expanded_offset);
  while (cur.frame != 0 && cur.frame < frames_.size()) {
    chain.push_back(frames_[cur.frame].macro);
    cur = frames_[cur.frame].call;
  }
  return chain;
}

std::string SourceMap::describe(uint32_t expanded_offset) const {
  Diagnostic d = locate(expanded_offset);
  std::string out = d.file.empty() ? std::string("<search>") : d.file;
  out += ":" + std::to_string(d.line) + ":" + std::to_string(d.col);
  std::vector<MacroPtr> chain = macro_chain(expanded_offset);
  for (size_t i = 0; i < chain.size(); ++i)
    out += (i == 0 ? " in `" : " <- `") + (chain[i] ? chain[i]->name : std::string("?")) + "`";
  return out;
}

// ---------------------------------------------------------------- expansion

namespace {

using Origin = SourceMap::Origin;
using Segment = SourceMap::Segment;

constexpr size_t kMaxErrors = 20;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Text whose bytes remember their origin, as segments.
struct Text {
  std::string s;
  std::vector<Segment> segs;

  void append(std::string_view str, Origin o) {
    if (str.empty()) return;
    auto b = static_cast<uint32_t>(s.size());
    if (!segs.empty()) {
      const Segment& last = segs.back();
      if (last.origin.frame == o.frame && last.origin.offset + (b - last.begin) == o.offset) {
        s.append(str);
        return;
      }
    }
    segs.push_back({b, o});
    s.append(str);
  }

  size_t segment_index(size_t i) const {
    auto it = std::upper_bound(segs.begin(), segs.end(), i,
                               [](size_t off, const Segment& sg) { return off < sg.begin; });
    return static_cast<size_t>(it - segs.begin()) - 1;
  }

  Origin at(size_t i) const {
    if (segs.empty()) return {};
    if (i >= s.size()) {
      Origin o = at(s.size() - 1);
      o.offset += 1;
      return o;
    }
    const Segment& sg = segs[segment_index(i)];
    return {sg.origin.frame, sg.origin.offset + static_cast<uint32_t>(i - sg.begin)};
  }

  // Appends t.s[b, e) keeping its origins.
  void append_from(const Text& t, size_t b, size_t e) {
    e = std::min(e, t.s.size());
    while (b < e) {
      size_t k = t.segment_index(b);
      size_t seg_end = k + 1 < t.segs.size() ? t.segs[k + 1].begin : t.s.size();
      size_t n = std::min(e, seg_end) - b;
      const Segment& sg = t.segs[k];
      append(std::string_view(t.s).substr(b, n),
             {sg.origin.frame, sg.origin.offset + static_cast<uint32_t>(b - sg.begin)});
      b += n;
    }
  }
};

struct Range {
  size_t begin, end;
};

class Expander {
 public:
  Expander(const MacroTable& table, SourceMap& map, std::vector<Diagnostic>& diags)
      : table_(table), map_(map), diags_(diags) {}

  bool run(const Text& root, Text& out) {
    Text stripped;
    if (strip_comments(root, stripped)) expand(stripped, out);
    return !failed_;
  }

 private:
  const MacroTable& table_;
  SourceMap& map_;
  std::vector<Diagnostic>& diags_;
  std::vector<MacroPtr> stack_;  // macros being expanded, outermost first
  size_t produced_ = 0;          // bytes of text built so far (bodies + output)
  size_t errors_ = 0;
  bool failed_ = false;
  bool stop_ = false;            // give up (budget or too many errors)
  Origin budget_at_{};

  void error(Origin at, std::string message) {
    failed_ = true;
    if (errors_++ >= kMaxErrors) {
      stop_ = true;
      return;
    }
    Diagnostic d = map_.locate_origin(at);
    d.stage = Stage::Macro;
    d.severity = Severity::Error;
    d.message = std::move(message);
    diags_.push_back(std::move(d));
  }

  // Bounds total work: a few nested macros can otherwise grow exponentially.
  bool charge(size_t n) {
    produced_ += n;
    if (produced_ <= kMaxExpansionBytes || stop_) return !stop_;
    error(budget_at_, "macro expansion is too large (more than " +
                          std::to_string(kMaxExpansionBytes >> 20) + " MiB of text)");
    stop_ = true;
    return false;
  }

  bool strip_comments(const Text& in, Text& out) {
    size_t lit = 0;
    size_t p;
    while ((p = in.s.find("```", lit)) != std::string::npos) {
      size_t q = in.s.find("```", p + 3);
      if (q == std::string::npos) {
        error(in.at(p), "unterminated comment: ``` has no closing ```");
        return false;
      }
      out.append_from(in, lit, p);
      out.append(" ", in.at(p));  // keeps the tokens on either side apart
      lit = q + 3;
    }
    out.append_from(in, lit, in.s.size());
    return true;
  }

  void expand(const Text& in, Text& out) {
    const std::string& s = in.s;
    size_t n = s.size();
    size_t i = 0, lit = 0;
    bool in_string = false;
    while (i < n && !stop_) {
      char c = s[i];
      if (c == '\\') {  // escapes the next character, inside or outside strings
        i += 2;
        continue;
      }
      if (in_string) {
        if (c == '"') in_string = false;
        ++i;
        continue;
      }
      if (c == '"') {
        in_string = true;
        ++i;
        continue;
      }
      if (c != '`') {
        ++i;
        continue;
      }
      size_t close = s.find('`', i + 1);
      if (close == std::string::npos) {
        error(in.at(i), "unterminated macro call: ` has no closing `");
        break;
      }
      if (!charge(i - lit)) return;
      out.append_from(in, lit, i);
      call(in, i, close, out);
      i = lit = close + 1;
    }
    if (!stop_ && charge(n - std::min(lit, n))) out.append_from(in, lit, n);
  }

  // Parses `name(args)` between in.s[open] and in.s[close] (the backticks).
  bool parse_call(const Text& in, size_t open, size_t close, std::string& name,
                  std::vector<Range>& args) {
    const std::string& s = in.s;
    size_t p = open + 1;
    while (p < close && is_space(s[p])) ++p;
    size_t name_begin = p;
    while (p < close && !is_space(s[p]) && s[p] != '(' && s[p] != ')' && s[p] != ',') ++p;
    name = s.substr(name_begin, p - name_begin);
    size_t q = p;
    while (q < close && is_space(s[q])) ++q;
    // Quoted in messages; a stray backtick can pair with one far away.
    std::string shown = close - open + 1 <= 60 ? s.substr(open, close - open + 1)
                                               : s.substr(open, 50) + "...`";
    if (name.empty()) {
      error(in.at(open), q == close ? std::string("empty macro call ``")
                                    : "malformed macro call " + shown);
      return false;
    }
    if (q == close) return true;  // no arguments
    size_t last = close;
    while (last > q && is_space(s[last - 1])) --last;
    if (s[q] != '(' || s[last - 1] != ')' || last - 1 == q) {
      error(in.at(open), "malformed macro call " + shown +
                             " (expected `name` or `name(arg, ...)`)");
      return false;
    }
    size_t a_begin = q + 1, a_end = last - 1;  // inside the parentheses
    bool all_space = true;
    for (size_t k = a_begin; k < a_end; ++k) all_space = all_space && is_space(s[k]);
    if (all_space) return true;  // `name()` has no arguments
    int depth = 0;
    bool in_string = false;
    size_t start = a_begin;
    for (size_t k = a_begin; k < a_end; ++k) {
      char c = s[k];
      if (c == '\\') {
        ++k;
        continue;
      }
      if (in_string) {
        if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (depth > 0) --depth;
      } else if (c == ',' && depth == 0) {
        args.push_back({start, k});
        start = k + 1;
      }
    }
    args.push_back({start, a_end});
    for (Range& r : args) {
      while (r.begin < r.end && is_space(s[r.begin])) ++r.begin;
      while (r.end > r.begin && is_space(s[r.end - 1])) --r.end;
      // One pair of quotes around the whole argument is removed.
      if (r.end - r.begin >= 2 && s[r.begin] == '"' && s[r.end - 1] == '"') {
        size_t k = r.begin + 1;
        while (k < r.end - 1 && s[k] != '"') k += s[k] == '\\' ? 2 : 1;
        if (k == r.end - 1) {
          ++r.begin;
          --r.end;
        }
      }
    }
    return true;
  }

  static std::string list_arities(const std::vector<size_t>& a) {
    std::string out;
    for (size_t i = 0; i < a.size(); ++i) {
      if (i > 0) out += i + 1 == a.size() ? " or " : ", ";
      out += std::to_string(a[i]);
    }
    return out;
  }

  void call(const Text& in, size_t open, size_t close, Text& out) {
    Origin at = in.at(open);
    if (stack_.empty()) budget_at_ = at;
    std::string name;
    std::vector<Range> args;
    if (!parse_call(in, open, close, name, args)) return;

    MacroPtr m = table_.find(name, args.size());
    if (!m) {
      std::vector<size_t> arities = table_.arities(name);
      if (arities.empty()) {
        error(at, "unknown macro `" + name + "`");
      } else {
        error(at, "macro `" + name + "` is called with " + std::to_string(args.size()) +
                      " argument(s) but is defined with " + list_arities(arities));
      }
      return;
    }
    for (size_t k = 0; k < stack_.size(); ++k) {
      if (stack_[k]->name == m->name && stack_[k]->args.size() == m->args.size()) {
        std::string chain;
        for (size_t j = k; j < stack_.size(); ++j) chain += "`" + stack_[j]->name + "` -> ";
        error(at, "recursive macro expansion: " + chain + "`" + m->name + "`");
        return;
      }
    }
    if (stack_.size() >= kMaxExpansionDepth) {
      // Reported once, and the expansion given up: every other call at this
      // depth would say the same (20 times, before).
      error(at, "macro expansion nested deeper than " + std::to_string(kMaxExpansionDepth) +
                    " levels at `" + m->name + "`");
      stop_ = true;
      return;
    }

    uint32_t frame = map_.add_frame(m, at);
    Text body;
    const std::string& def = m->definition;
    size_t lit = 0, k = 0;
    while ((k = def.find('$', k)) != std::string::npos) {
      bool matched = false;
      for (size_t a = 0; a < m->args.size(); ++a) {
        const std::string& arg = m->args[a];
        size_t end = k + 1 + arg.size();
        if (end < def.size() && def[end] == '$' && def.compare(k + 1, arg.size(), arg) == 0) {
          body.append(std::string_view(def).substr(lit, k - lit), {frame, static_cast<uint32_t>(lit)});
          if (!charge(args[a].end - args[a].begin)) return;
          body.append_from(in, args[a].begin, args[a].end);
          k = lit = end + 1;
          matched = true;
          break;
        }
      }
      if (!matched) ++k;
    }
    body.append(std::string_view(def).substr(lit), {frame, static_cast<uint32_t>(lit)});
    if (!charge(def.size())) return;

    Text stripped;
    if (!strip_comments(body, stripped)) return;
    stack_.push_back(m);
    expand(stripped, out);
    stack_.pop_back();
  }
};

Expansion run_expansion(const std::string& search, SourceMap map, const MacroTable& macros) {
  Expansion result;
  Text root;
  root.append(search, {0, 0});
  Text out;
  Expander ex(macros, map, result.diagnostics);
  bool ok = ex.run(root, out);
  if (!ok) return result;
  map.set_segments(std::move(out.segs), static_cast<uint32_t>(out.s.size()));
  result.result = ExpandedSearch{std::move(out.s), std::move(map)};
  return result;
}

}  // namespace

Expansion expand_search(const Detection& d, const MacroTable& macros) {
  if (!d.source) return expand_search(d.search, macros, d.file);
  return run_expansion(d.search, SourceMap(d.source, d.search_origin), macros);
}

Expansion expand_search(std::string_view search, const MacroTable& macros, const std::string& file_name) {
  auto file = std::make_shared<const SourceFile>(file_name, std::string(search));
  auto size = static_cast<uint32_t>(search.size());
  return run_expansion(file->text(), SourceMap(file, OffsetMap::identity(size)), macros);
}

}  // namespace rulejit
