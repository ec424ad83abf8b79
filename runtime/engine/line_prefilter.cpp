#include "runtime/engine/line_prefilter.h"

#include <hs/hs.h>

#include <cstring>
#include <map>

namespace rulejit::rt {

std::unique_ptr<LinePrefilter> LinePrefilter::build(const std::vector<BindingLiterals>& bindings, std::string* error) {
  std::unique_ptr<LinePrefilter> p(new LinePrefilter());
  p->always_.resize(bindings.size());
  std::map<std::string, uint32_t> ids;
  for (size_t b = 0; b < bindings.size(); ++b) {
    p->always_[b] = bindings[b].always ? 1 : 0;
    if (bindings[b].always) continue;
    for (const auto& lit : bindings[b].any_of) {
      auto [it, fresh] = ids.try_emplace(lit, static_cast<uint32_t>(p->literal_bindings_.size()));
      if (fresh) p->literal_bindings_.emplace_back();
      p->literal_bindings_[it->second].push_back(static_cast<uint32_t>(b));
    }
  }
  if (ids.empty()) return p;  // every binding always: nothing to scan for

  std::vector<const char*> exprs;
  std::vector<unsigned> flags, id_list;
  std::vector<size_t> lens;
  for (const auto& [lit, id] : ids) {
    exprs.push_back(lit.data());
    lens.push_back(lit.size());
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
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

int LinePrefilter::on_match(unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
  auto* self = static_cast<LinePrefilter*>(ctx);
  if (id >= self->escape_id_) {
    self->escape_seen_ = true;
    return 1;  // every binding is a candidate: stop scanning
  }
  for (uint32_t b : self->literal_bindings_[id]) self->current_[b] = 1;
  return 0;
}

void LinePrefilter::scan(std::string_view line, uint8_t* candidates) {
  if (always_.empty()) return;  // no binding (a pack of inputlookup rules)
  std::memcpy(candidates, always_.data(), always_.size());
  if (!db_) return;
  current_ = candidates;
  escape_seen_ = false;
  const hs_error_t st = hs_scan(db_, line.data(), static_cast<unsigned>(line.size()), 0, scratch_, &on_match, this);
  if (escape_seen_ || (st != HS_SUCCESS && st != HS_SCAN_TERMINATED) || line.size() > UINT32_MAX)
    std::memset(candidates, 1, always_.size());
}

}  // namespace rulejit::rt
