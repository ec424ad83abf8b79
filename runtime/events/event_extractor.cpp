#include "runtime/events/event_extractor.h"

#include <algorithm>
#include <cstring>

#include <simdjson.h>

#include "runtime/events/json_scan.h"

namespace rulejit::rt {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// One event's walk. Recursion follows either the trie (bounded by the
// longest demanded name) or, in full mode, the document (bounded by the
// depth limit checked before parsing).
class Walker {
 public:
  Walker(const FieldPathSet& paths, EventFields& out, const ExtractOptions& opt,
         std::string_view line, std::string& name, const EarlyStop* stop, bool* used_string_buffer)
      : paths_(paths), out_(out), opt_(opt), line_(line), name_(name), used_string_buffer_(used_string_buffer),
        all_(paths.all_fields()), full_(paths.all_fields() || opt.validate_all),
        stop_(full_ ? nullptr : stop) {}

  bool stopped() const { return stopped_; }
  // After the waited fields were found, a key led again to a field with a
  // value: the walk ended there, and the line must be read in full.
  bool repeat_after_stop() const { return repeat_; }

  error_code root(od::document& doc) {
    od::object obj;
    SIMDJSON_TRY(doc.get_object().get(obj));
    const bool has_children = !paths_.node(FieldPathSet::kRoot).children.empty();
    for (auto fr : obj) {
      od::field f;
      SIMDJSON_TRY(std::move(fr).get(f));
      std::string_view key;
      SIMDJSON_TRY(key_of(f, key));
      out_.add_top_level_key(key);
      const int32_t c = has_children ? paths_.descend_key(FieldPathSet::kRoot, key) : -1;
      if (stop_ && !group_) {
        // The first key that is a group's decides: stop after its slots, or
        // (not stoppable) read the whole event.
        for (const auto& g : stop_->groups)
          if (g.key == key) {
            group_ = &g;
            remaining_ = g.count;
            break;
          }
        if (group_ && !group_->stoppable) {
          stop_ = nullptr;
          group_ = nullptr;
        } else if (group_ && remaining_ == 0) {  // routing needed only the key
          if (c >= 0 && paths_.node(c).presence_slot >= 0) out_.set_present(paths_.node(c).presence_slot);
          stopped_ = true;
          return SUCCESS;
        }
      }
      if (frontier_) {
        if (frontier_repeat(c)) return SUCCESS;
        continue;  // skipped, as PrefixScanner does
      }
      if (c < 0 && !full_) continue;
      if (all_) name_.assign(key);
      SIMDJSON_TRY(visit(f.value(), c));
      if (stopped_) return SUCCESS;
    }
    return SUCCESS;
  }

  bool flat_truncated() const { return flat_truncated_; }

 private:
  // The key text: a view into the line when it has no escapes, else
  // unescaped into the parser's string buffer.
  error_code key_of(od::field& f, std::string_view& key) {
    const char* p = f.key().raw();
    const char* end = line_.data() + line_.size();
    if (p < line_.data() || p >= end) return simdjson::TAPE_ERROR;
    // Keys are short: one inline scan for the closing quote or an escape
    // beats two library calls.
    const char* q = p;
    while (q < end && *q != '"' && *q != '\\') ++q;
    if (q == end) return simdjson::TAPE_ERROR;
    if (*q == '\\') {
      *used_string_buffer_ = true;
      return f.unescaped_key().get(key);
    }
    key = std::string_view(p, static_cast<size_t>(q - p));
    return SUCCESS;
  }

  // A string value: a view into the line when it has no escapes (stage 1
  // already checked its UTF-8 and control characters), else unescaped into
  // the parser's string buffer.
  error_code string_of(od::value& v, std::string_view& s) {
    std::string_view tok = v.raw_json_token();  // a peek: does not consume v
    while (!tok.empty() && is_space(tok.back())) tok.remove_suffix(1);
    if (tok.size() >= 2 && tok.front() == '"' && tok.back() == '"' &&
        !std::memchr(tok.data() + 1, '\\', tok.size() - 2)) {
      s = tok.substr(1, tok.size() - 2);
      return SUCCESS;
    }
    *used_string_buffer_ = true;
    return v.get_string().get(s);
  }

  // After the waited fields were found (the frontier), every later key is
  // only checked: one that leads to a field with a value repeats, and ends
  // the walk (repeat_after_stop). The values of other keys are skipped.
  bool frontier_repeat(int32_t c) {
    if (c < 0 || !paths_.has_values_below(c, [&](int32_t s) { return out_.count(s); })) return false;
    repeat_ = stopped_ = true;
    return true;
  }

  void emit(const FieldPathSet::Node* n, std::string_view v) {
    if (n) {
      if (n->value_slot >= 0) {
        out_.add_value(n->value_slot, v);
        const auto slot = static_cast<size_t>(n->value_slot);
        if (group_ && slot < group_->member.size() && group_->member[slot] && out_.count(n->value_slot) == 1 &&
            --remaining_ == 0)
          frontier_ = true;
      }
      if (n->presence_slot >= 0) out_.set_present(n->presence_slot);
    }
    if (all_) {
      if (out_.flat_bytes() + name_.size() > opt_.max_flat_bytes) {
        flat_truncated_ = true;
      } else {
        out_.add_flat(name_, v);
      }
    }
  }

  error_code visit(od::value& v, int32_t nd) {
    const FieldPathSet::Node* n = nd >= 0 ? &paths_.node(nd) : nullptr;
    const bool wants_scalar = n && (n->value_slot >= 0 || n->presence_slot >= 0);
    od::json_type t;
    SIMDJSON_TRY(v.type().get(t));
    switch (t) {
      case od::json_type::object: {
        if (n && n->presence_slot >= 0) out_.set_present(n->presence_slot);
        const bool has_children = n && !n->children.empty();
        if (!has_children && !full_) return SUCCESS;
        od::object obj;
        SIMDJSON_TRY(v.get_object().get(obj));
        const size_t mark = name_.size();
        for (auto fr : obj) {
          od::field f;
          SIMDJSON_TRY(std::move(fr).get(f));
          std::string_view key;
          SIMDJSON_TRY(key_of(f, key));
          const int32_t c = has_children ? paths_.descend_key(nd, key) : -1;
          if (frontier_) {
            if (frontier_repeat(c)) return SUCCESS;
            continue;  // skipped, as PrefixScanner does
          }
          if (c < 0 && !full_) continue;
          if (all_) {
            name_.resize(mark);
            name_ += '.';
            name_ += key;
          }
          SIMDJSON_TRY(visit(f.value(), c));
          if (stopped_) return SUCCESS;
        }
        if (all_) name_.resize(mark);
        return SUCCESS;
      }
      case od::json_type::array: {
        if (n && n->presence_slot >= 0) out_.set_present(n->presence_slot);
        const int32_t c = n ? n->array_child : -1;
        if (c < 0 && !full_) return SUCCESS;
        od::array arr;
        SIMDJSON_TRY(v.get_array().get(arr));
        const size_t mark = name_.size();
        if (all_) name_ += "{}";
        for (auto er : arr) {
          od::value ev;
          SIMDJSON_TRY(std::move(er).get(ev));
          SIMDJSON_TRY(visit(ev, c));
          if (stopped_) return SUCCESS;
        }
        if (all_) name_.resize(mark);
        return SUCCESS;
      }
      case od::json_type::string: {
        if (!wants_scalar && !full_) return SUCCESS;
        std::string_view s;
        SIMDJSON_TRY(string_of(v, s));
        emit(n, s);
        return SUCCESS;
      }
      case od::json_type::number: {
        if (!wants_scalar && !full_) return SUCCESS;
        // Splunk keeps the number as written; raw_json_token runs up to the
        // next structural character, so drop trailing whitespace.
        std::string_view tok = v.raw_json_token();
        while (!tok.empty() && is_space(tok.back())) tok.remove_suffix(1);
        if (!is_json_number(tok)) return simdjson::NUMBER_ERROR;
        emit(n, tok);
        return SUCCESS;
      }
      case od::json_type::boolean: {
        if (!wants_scalar && !full_) return SUCCESS;
        bool b;
        SIMDJSON_TRY(v.get_bool().get(b));
        emit(n, b ? std::string_view("true") : std::string_view("false"));
        return SUCCESS;
      }
      case od::json_type::null: {
        if (!wants_scalar && !full_) return SUCCESS;
        bool is_null = false;
        SIMDJSON_TRY(v.is_null().get(is_null));
        if (!is_null) return simdjson::N_ATOM_ERROR;
        if (opt_.json_null == NullPolicy::Text) emit(n, "null");
        return SUCCESS;
      }
    }
    return simdjson::TAPE_ERROR;
  }

  const FieldPathSet& paths_;
  EventFields& out_;
  const ExtractOptions& opt_;
  std::string_view line_;
  std::string& name_;
  bool* used_string_buffer_;
  const bool all_;
  const bool full_;
  bool flat_truncated_ = false;
  const EarlyStop* stop_;
  const EarlyStop::Group* group_ = nullptr;
  uint32_t remaining_ = 0;
  bool stopped_ = false;   // the walk ends (routing key reached, or a repeat found)
  bool frontier_ = false;  // the waited fields are in: later keys are only checked for repeats
  bool repeat_ = false;
};

}  // namespace

struct EventExtractor::Parser {
  simdjson::ondemand::parser p;
  od::document doc;  // the last line's, kept for extract_again
};

EventExtractor::EventExtractor(ExtractOptions options)
    : opt_(options), parser_(std::make_unique<Parser>()) {
  stats_.max_problems = options.max_problems;
}
EventExtractor::EventExtractor(EventExtractor&&) noexcept = default;
EventExtractor& EventExtractor::operator=(EventExtractor&&) noexcept = default;
EventExtractor::~EventExtractor() = default;

ExtractStatus EventExtractor::fail(const Line& line, EventFields& out, ErrorKind kind,
                                   std::string_view reason) {
  out.clear();  // a skipped event exposes no partial fields
  stats_.record(kind, line.file, line.line_number, line.byte_offset, reason);
  ++stats_.events_skipped;
  return ExtractStatus{kind, true};
}

ExtractStatus EventExtractor::extract(std::string_view json, const FieldPathSet& paths,
                                      EventFields& out) {
  return run(padded_line(scratch_, json, "<string>"), paths, out);
}

ExtractStatus EventExtractor::extract(const Line& line, const FieldPathSet& paths,
                                      EventFields& out, const EarlyStop* stop) {
  if (line.capacity < line.text.size() + kJsonPadding) {
    // Caller's buffer lacks padding: work on a padded copy.
    Line copy = padded_line(scratch_, line.text, line.file);
    copy.line_number = line.line_number;
    copy.byte_offset = line.byte_offset;
    return run(copy, paths, out, stop);
  }
  return run(line, paths, out, stop);
}

ExtractStatus EventExtractor::run(const Line& line, const FieldPathSet& paths, EventFields& out,
                                  const EarlyStop* stop) {
  const std::string_view text = line.text;
  out.begin(paths.size(), text);
  last_warnings_ = 0;

  const bool walk_follows_document = paths.all_fields() || opt_.validate_all;
  if ((opt_.check_depth || walk_follows_document) && nesting_exceeds(text, opt_.max_depth)) {
    return fail(line, out, ErrorKind::TooDeep,
                "nesting deeper than " + std::to_string(opt_.max_depth) + " levels");
  }

  last_ok_ = false;
  used_string_buffer_ = false;
  od::document& doc = parser_->doc;
  error_code e = parser_->p.iterate(text.data(), text.size(), line.capacity).get(doc);
  if (e) return syntax_failure(line, out, static_cast<int>(e));
  od::json_type t;
  e = doc.type().get(t);
  if (e) return syntax_failure(line, out, static_cast<int>(e));
  if (t != od::json_type::object) return fail(line, out, ErrorKind::NotAnObject, "top-level value is not an object");
  last_text_ = text;
  const ExtractStatus st = walk(*parser_, line, paths, out, stop);
  last_ok_ = st.ok();
  return st;
}

ExtractStatus EventExtractor::syntax_failure(const Line& line, EventFields& out, int code) {
  const auto e = static_cast<error_code>(code);
  if (e == simdjson::UTF8_ERROR) return fail(line, out, ErrorKind::InvalidUtf8, "invalid UTF-8");
  const ErrorKind k = classify_failure(line.text);
  switch (k) {
    case ErrorKind::NotAnObject: return fail(line, out, k, "top-level value is not an object");
    case ErrorKind::Truncated: return fail(line, out, k, "line ends inside a string, object or array");
    case ErrorKind::TrailingContent: return fail(line, out, k, "text after the closing }");
    default: return fail(line, out, ErrorKind::MalformedJson, simdjson::error_message(e));
  }
}

ExtractStatus EventExtractor::extract_again(EventExtractor& first, const Line& line, const FieldPathSet& paths,
                                            EventFields& out) {
  const bool reusable = first.last_ok_ && !first.used_string_buffer_ && first.last_text_.data() == line.text.data() &&
                        first.last_text_.size() == line.text.size() && !paths.all_fields() && !opt_.validate_all &&
                        first.opt_.check_depth && first.opt_.max_depth <= opt_.max_depth;
  last_ok_ = false;
  if (!reusable) return extract(line, paths, out);
  // Same line, same document: walk it again from the start. The first walk's
  // views all point into the line (it used no string buffer), so they stay
  // valid while this walk unescapes into that buffer.
  out.begin(paths.size(), line.text);
  last_warnings_ = 0;
  first.parser_->doc.rewind();
  const ExtractStatus st = walk(*first.parser_, line, paths, out, nullptr);
  first.last_ok_ = false;  // its document has been walked to another place
  return st;
}

ExtractStatus EventExtractor::walk(Parser& parsed, const Line& line, const FieldPathSet& paths,
                                   EventFields& out, const EarlyStop* stop) {
  const std::string_view text = line.text;
  od::document& doc = parsed.doc;
  error_code e;
  Walker w(paths, out, opt_, text, name_, stop, &used_string_buffer_);
  e = w.root(doc);
  if (e) return syntax_failure(line, out, static_cast<int>(e));
  const char* rest = nullptr;
  if (w.repeat_after_stop()) {
    // A key repeated after the early stop could add values (a multivalue):
    // read the whole line instead.
    out.begin(paths.size(), text);
    doc.rewind();
    return walk(parsed, line, paths, out, nullptr);
  }
  if (!w.stopped() && doc.current_location().get(rest) == SUCCESS) {
    return fail(line, out, ErrorKind::TrailingContent, "text after the closing }");
  }
  out.finish();
  if (w.flat_truncated()) out.mark_flat_truncated();

  // Duplicate names: demanded non-array slots with 2+ values, repeated
  // top-level keys.
  bool duplicate = false;
  for (int32_t s : out.touched_slots()) {
    if (!paths.is_presence(s) && !paths.under_array(s) && out.count(s) > 1) {
      duplicate = true;
      break;
    }
  }
  if (!duplicate) {
    auto keys = out.top_level_keys();
    if (keys.size() <= 16) {
      for (size_t i = 1; i < keys.size() && !duplicate; ++i) {
        for (size_t j = 0; j < i; ++j) {
          if (keys[i] == keys[j]) {
            duplicate = true;
            break;
          }
        }
      }
    } else {
      sorted_keys_.assign(keys.begin(), keys.end());
      std::sort(sorted_keys_.begin(), sorted_keys_.end());
      duplicate = std::adjacent_find(sorted_keys_.begin(), sorted_keys_.end()) != sorted_keys_.end();
    }
  }
  if (duplicate && opt_.duplicates == DuplicatePolicy::SkipEvent)
    return fail(line, out, ErrorKind::DuplicateKey, "duplicate key");
  ExtractStatus status;
  auto warn = [&](ErrorKind kind, const std::string& reason) {
    last_warnings_ |= warning_bit(kind);
    if (!(silenced_warnings_ & warning_bit(kind)))
      stats_.record(kind, line.file, line.line_number, line.byte_offset, reason);
    if (status.error == ErrorKind::None) status.error = kind;
  };
  if (duplicate) warn(ErrorKind::DuplicateKey, "duplicate key (values kept as a multivalue)");
  if (out.dropped_values() > 0)
    warn(ErrorKind::ValuesCapped, std::to_string(out.dropped_values()) + " values dropped (more than " +
                                      std::to_string(kMaxValuesPerField) + " in one field)");
  ++stats_.events_ok;
  return status;
}

}  // namespace rulejit::rt
