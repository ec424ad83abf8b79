#include "compiler/lower/lowerer.h"

#include <algorithm>
#include <set>

#include "compiler/lower/ir_build.h"
#include "compiler/lower/wildcard.h"

namespace rulejit::lower {

void Lowerer::error(spl::Span span, std::string message) {
  issues_.push_back({span, std::move(message), false, false});
}
void Lowerer::unsupported(spl::Span span, std::string message) {
  issues_.push_back({span, std::move(message), true, false});
}
void Lowerer::warning(spl::Span span, std::string message) {
  issues_.push_back({span, std::move(message), false, true});
}

bool Lowerer::failed() const {
  return std::any_of(issues_.begin(), issues_.end(), [](const LowerIssue& i) { return !i.warning; });
}

namespace {

// A pool entry as one key: its strings, each after its length.
void append_key(std::string& key, std::string_view s) {
  key += std::to_string(s.size());
  key += ':';
  key += s;
}

std::string strings_key(const std::vector<std::string>& items) {
  std::string key;
  for (const auto& s : items) append_key(key, s);
  return key;
}

// Pool entries are only ever added through the Lowerer, so the index holds
// every entry: an equal constant is stored once.
template <typename T>
uint32_t add_to_pool(std::vector<T>& pool, std::unordered_map<std::string, uint32_t>& index, std::string key, T value) {
  auto [it, fresh] = index.try_emplace(std::move(key), static_cast<uint32_t>(pool.size()));
  if (fresh) pool.push_back(std::move(value));
  return it->second;
}

}  // namespace

uint32_t Lowerer::add_matcher(ir::Matcher m) {
  std::string key = std::to_string(static_cast<int>(m.kind)) + ";";
  append_key(key, m.pattern);
  key += strings_key(m.items);
  return add_to_pool(plan_.matchers, matcher_index_, std::move(key), std::move(m));
}

uint32_t Lowerer::add_regex(std::string pattern) {
  std::string key = pattern;
  return add_to_pool(plan_.regexes, regex_index_, std::move(key), std::move(pattern));
}

uint32_t Lowerer::add_set(std::vector<std::string> items) {
  std::string key = strings_key(items);
  return add_to_pool(plan_.sets, set_index_, std::move(key), std::move(items));
}

void Lowerer::add_stage(ir::Stage stage, bool streaming) {
  // Rows are ordered by _time once they stop streaming (ir::event_input_slots).
  if (!streaming) slot("_time");
  if (event_phase_ && !streaming) {
    event_phase_ = false;
    plan_.event_stages = plan_.stages.size();
  }
  plan_.stages.push_back(std::move(stage));
  if (event_phase_) plan_.event_stages = plan_.stages.size();
}

std::vector<ir::Stage> Lowerer::take_stages_from(size_t index) {
  std::vector<ir::Stage> out(std::make_move_iterator(plan_.stages.begin() + static_cast<std::ptrdiff_t>(index)),
                             std::make_move_iterator(plan_.stages.end()));
  plan_.stages.resize(index);
  plan_.event_stages = std::min(plan_.event_stages, plan_.stages.size());
  if (event_phase_) plan_.event_stages = plan_.stages.size();
  return out;
}

void Lowerer::set_columns(std::vector<ir::SlotId> cols) {
  dynamic_columns_ = false;
  columns_ = std::move(cols);
}

void Lowerer::touch_column(ir::SlotId s) {
  if (std::find(columns_.begin(), columns_.end(), s) == columns_.end()) columns_.push_back(s);
}

void Lowerer::rename_column(ir::SlotId from, ir::SlotId to) {
  auto it = std::find(columns_.begin(), columns_.end(), from);
  auto existing = std::find(columns_.begin(), columns_.end(), to);
  if (it == columns_.end()) {
    // Renaming an absent field onto a shown one erases it but keeps its place.
    return;
  }
  if (existing != columns_.end()) {
    // The renamed field takes the place of the one it overwrites.
    *existing = to;
    columns_.erase(std::find(columns_.begin(), columns_.end(), from));
    return;
  }
  *it = to;
}

void Lowerer::remove_column(ir::SlotId s) {
  columns_.erase(std::remove(columns_.begin(), columns_.end(), s), columns_.end());
}

void Lowerer::defer_wildcard_rename(size_t stage_index, std::string from_pattern, std::string to_pattern) {
  pending_renames_.push_back({stage_index, std::move(from_pattern), std::move(to_pattern)});
}

void Lowerer::defer_extract_all(size_t stage_index, ir::SlotId input, std::string extractor) {
  ExtractAll how;
  how.extractor = std::move(extractor);
  defer_extract_all(stage_index, input, std::move(how));
}

void Lowerer::defer_extract_all(size_t stage_index, ir::SlotId input, ExtractAll how) {
  pending_extracts_.push_back({stage_index, input, std::move(how)});
}

// Each name the rule uses may be a key of the input: by default the
// extracted value replaces the field when there is one (spath overwrites),
// else the field keeps its value. Names the input lacks cost one failed
// lookup each.
void Lowerer::resolve_extract_all() {
  for (const auto& [index, input, how] : pending_extracts_) {
    auto& stage = std::get<ir::EvalStage>(plan_.stages[index]);
    const size_t n = plan_.slots.size();
    for (size_t s = 0; s < n; ++s) {
      const std::string& name = plan_.slots[s];
      if (s == input || name == "_time" || name == "_raw") continue;
      if (name.size() <= how.prefix.size() || name.compare(0, how.prefix.size(), how.prefix) != 0) continue;
      auto extracted = ir::Expr::make(ir::Op::Call);
      extracted->text = how.extractor;
      extracted->args.push_back(build::field(input));
      extracted->args.push_back(build::str(name.substr(how.prefix.size())));
      for (const auto& a : how.args) extracted->args.push_back(ir::Expr::constant(a));
      auto slot = static_cast<ir::SlotId>(s);
      ir::ExprPtr combined;
      switch (how.combine) {
        case ExtractAll::Combine::Replace:
          combined = build::op(ir::Op::Coalesce, std::move(extracted), build::field(slot));
          break;
        case ExtractAll::Combine::KeepExisting:
          combined = build::op(ir::Op::Coalesce, build::field(slot), std::move(extracted));
          break;
        case ExtractAll::Combine::Append:
          combined = build::call("mvappend", build::field(slot), std::move(extracted));
          break;
      }
      stage.assigns.push_back({slot, std::move(combined)});
    }
  }
}

// foreach over raw events visits the plan's own fields that match (their
// values may come from renames, evals or the field map) besides the JSON
// leaves: list them now that every name is known. Loop variables are no
// fields; '_' names match only a '_' pattern (runtime/interp/foreach_fields.h).
void Lowerer::resolve_foreach_fields() {
  std::set<ir::SlotId> loop_vars;
  for (const auto& st : plan_.stages)
    if (const auto* fe = std::get_if<ir::ForeachFieldsStage>(&st)) loop_vars.insert(fe->value);
  for (auto& st : plan_.stages) {
    auto* fe = std::get_if<ir::ForeachFieldsStage>(&st);
    if (!fe) continue;
    for (size_t s = 0; s < plan_.slots.size(); ++s) {
      const std::string& name = plan_.slots[s];
      auto slot = static_cast<ir::SlotId>(s);
      if (loop_vars.count(slot) || slot == fe->raw) continue;
      if (!name.empty() && name[0] == '_' && fe->pattern[0] != '_') continue;
      if (wildcard_captures(fe->pattern, name)) fe->fields.push_back(slot);
    }
  }
}

ir::Plan Lowerer::finish() {
  // Resolve wildcard renames over raw events against every name the plan
  // uses: a target name maps back to its source, a source name forward.
  for (const auto& pr : pending_renames_) {
    auto& stage = std::get<ir::RenameStage>(plan_.stages[pr.stage]);
    std::set<std::pair<ir::SlotId, ir::SlotId>> pairs;
    std::vector<std::string> names = plan_.slots;  // copy: interning below grows the list
    for (const auto& n : names) {
      if (auto caps = wildcard_captures(pr.to, n)) {
        std::string from = wildcard_substitute(pr.from, *caps);
        if (from != n) pairs.emplace(slot(from), slot(n));
      }
      if (auto caps = wildcard_captures(pr.from, n)) {
        std::string to = wildcard_substitute(pr.to, *caps);
        if (to != n) pairs.emplace(slot(n), slot(to));
      }
    }
    for (auto [from, to] : pairs) stage.pairs.push_back({from, to, true});
  }
  resolve_extract_all();
  resolve_foreach_fields();
  plan_.columns = columns_;
  plan_.columns_dynamic = dynamic_columns_;
  for (auto& problem : ir::verify_plan(plan_)) error({}, "internal: IR verification failed: " + problem);
  return std::move(plan_);
}

}  // namespace rulejit::lower
