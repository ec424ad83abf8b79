#include "runtime/engine/line_prefilter.h"

#include <hs/hs.h>

#include <cstring>
#include <map>

namespace rulejit::rt {

std::unique_ptr<LinePrefilter> LinePrefilter::build(const std::vector<BindingLiterals>& bindings, std::string* error) {
  std::unique_ptr<LinePrefilter> p(new LinePrefilter());
  p->always_.resize(bindings.size());
  std::map<std::pair<std::string, uint8_t>, uint32_t> ids;
  for (size_t b = 0; b < bindings.size(); ++b) {
    p->always_[b] = bindings[b].always ? 1 : 0;
    if (bindings[b].always) continue;
    for (size_t k = 0; k < bindings[b].any_of.size(); ++k) {
      const std::string& lit = bindings[b].any_of[k];
      const uint8_t word = k < bindings[b].word.size() ? bindings[b].word[k] : 0;
      auto [it, fresh] = ids.try_emplace({lit, word}, static_cast<uint32_t>(p->literal_bindings_.size()));
      if (fresh) {
        p->literal_bindings_.emplace_back();
        p->literal_word_.push_back(word);
        p->literal_size_.push_back(static_cast<uint32_t>(lit.size()));
      }
      p->literal_bindings_[it->second].push_back(static_cast<uint32_t>(b));
    }
  }
  if (ids.empty()) return p;  // every binding always: nothing to scan for

  std::vector<const char*> exprs;
  std::vector<unsigned> flags, id_list;
  std::vector<size_t> lens;
  for (const auto& [key, id] : ids) {
    exprs.push_back(key.first.data());
    lens.push_back(key.first.size());
    // A word-bounded literal is checked at each match: every match is reported.
    flags.push_back(HS_FLAG_CASELESS | (key.second ? 0u : HS_FLAG_SINGLEMATCH));
    id_list.push_back(id);
  }
  p->escape_id_ = static_cast<unsigned>(ids.size());
  static const char* const kEscapes[] = {"\\u", "\\/"};
  for (unsigned k = 0; k < 2; ++k) {
    exprs.push_back(kEscapes[k]);
    lens.push_back(2);
    flags.push_back(HS_FLAG_SINGLEMATCH);
    id_list.push_back(p->escape_id_ + k);
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), id_list.data(), lens.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &p->db_, &err) != HS_SUCCESS) {
    if (error) *error = std::string("Hyperscan cannot compile the prefilter literals: ") + (err ? err->message : "?");
    hs_free_compile_error(err);
    return nullptr;
  }
  if (hs_alloc_scratch(p->db_, &p->scratch_) != HS_SUCCESS) {
    if (error) *error = "Hyperscan cannot allocate scratch space for the prefilter";
    return nullptr;
  }
  return p;
}

LinePrefilter::~LinePrefilter() {
  if (scratch_) hs_free_scratch(scratch_);
  if (db_) hs_free_database(db_);
}

size_t LinePrefilter::memory_bytes() const {
  size_t db = 0, scratch = 0;
  if (db_) hs_database_size(db_, &db);
  if (scratch_) hs_scratch_size(scratch_, &scratch);
  return db + scratch;
}

namespace {
bool word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

int LinePrefilter::on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  auto* self = static_cast<LinePrefilter*>(ctx);
  if (id >= self->escape_id_) {
    self->escape_seen_ = true;
    return 1;  // every binding is a candidate: stop scanning
  }
  if (const uint8_t word = self->literal_word_[id]) {
    const std::string_view l = self->line_;
    const size_t end = static_cast<size_t>(to), begin = end - self->literal_size_[id];
    if ((word & kWordEnd) && end < l.size() && word_byte(l[end])) return 0;
    if (word & kValueEnd) {
      size_t k = end;
      while (k < l.size() && (l[k] == ' ' || l[k] == '\t' || l[k] == '\r' || l[k] == '\n')) ++k;
      if (k < l.size() && l[k] == ':') return 0;  // a key
    }
    if ((word & kWordStart) && begin > 0 && word_byte(l[begin - 1])) {
      // `\n` and the like before it: a control character in the value.
      const bool escape = begin >= 2 && l[begin - 2] == '\\' && std::strchr("bfnrt", l[begin - 1]);
      if (!escape) return 0;
    }
  }
  for (uint32_t b : self->literal_bindings_[id]) self->current_[b] = 1;
  return 0;
}

void LinePrefilter::scan(std::string_view line, uint8_t* candidates) {
  if (always_.empty()) return;  // no binding (a pack of inputlookup rules)
  std::memcpy(candidates, always_.data(), always_.size());
  if (!db_) return;
  current_ = candidates;
  line_ = line;
  escape_seen_ = false;
  const hs_error_t st = hs_scan(db_, line.data(), static_cast<unsigned>(line.size()), 0, scratch_, &on_match, this);
  if (escape_seen_ || (st != HS_SUCCESS && st != HS_SCAN_TERMINATED) || line.size() > UINT32_MAX)
    std::memset(candidates, 1, always_.size());
}

}  // namespace rulejit::rt
