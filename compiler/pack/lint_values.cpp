// impossible-value and unknown-sourcetype: comparisons in per-event filters
// that no event of the bound / known data sources can satisfy (lints.h).
#include <algorithm>
#include <map>

#include "compiler/pack/lint_checks.h"
#include "compiler/pack/lint_filters.h"
#include "runtime/interp/search_matcher.h"

namespace rulejit::lint {
namespace {

// What a field map can put in a field, as far as it can be decided exactly:
// anything (Top); one of finitely many strings (Finite, null left out); or
// a string without '/' (NoSlash: basename() results and such constants).
struct Shape {
  enum class Kind { Top, Finite, NoSlash } kind = Kind::Top;
  std::vector<std::string> values;  // Finite
};

bool has_slash(const std::string& s) { return s.find('/') != std::string::npos; }

Shape join(const Shape& a, const Shape& b) {
  using K = Shape::Kind;
  if (a.kind == K::Top || b.kind == K::Top) return {};
  if (a.kind == K::Finite && b.kind == K::Finite) {
    Shape s{K::Finite, a.values};
    s.values.insert(s.values.end(), b.values.begin(), b.values.end());
    return s;
  }
  const Shape& fin = a.kind == K::Finite ? a : b;
  if (std::any_of(fin.values.begin(), fin.values.end(), has_slash)) return {};
  return {K::NoSlash, {}};
}

constexpr int kMaxDepth = 8;
Shape derive_shape(const ir::FieldMapProgram& f, ir::SlotId slot, int depth);

Shape expr_shape(const ir::FieldMapProgram& f, const ir::Expr& e, int depth) {
  switch (e.op) {
    case ir::Op::Const:
      if (e.value.is_null()) return {Shape::Kind::Finite, {}};
      return {Shape::Kind::Finite, e.value.texts()};
    case ir::Op::Field:
      return derive_shape(f, e.slot, depth + 1);
    case ir::Op::Call: {
      std::string name = e.text;
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      if (name == "basename") return {Shape::Kind::NoSlash, {}};
      return {};
    }
    case ir::Op::If:  // cond, then, else
      if (e.args.size() != 3) return {};
      return join(expr_shape(f, *e.args[1], depth), expr_shape(f, *e.args[2], depth));
    case ir::Op::Case: {  // cond1, val1, ...; no match gives null
      Shape s{Shape::Kind::Finite, {}};
      for (size_t i = 1; i < e.args.size(); i += 2) s = join(s, expr_shape(f, *e.args[i], depth));
      return s;
    }
    case ir::Op::Coalesce: {
      Shape s{Shape::Kind::Finite, {}};
      for (const auto& a : e.args) s = join(s, expr_shape(f, *a, depth));
      return s;
    }
    default:
      return {};
  }
}

Shape derive_shape(const ir::FieldMapProgram& f, ir::SlotId slot, int depth) {
  if (depth > kMaxDepth) return {};
  for (const auto& st : f.derive.stages)
    if (const auto* ev = std::get_if<ir::EvalStage>(&st))
      for (const auto& a : ev->assigns)
        if (a.target == slot) return expr_shape(f, *a.expr, depth);
  return {};  // a raw JSON field
}

enum class Verdict { Possible, Impossible, Missing };

// The shape of a rule slot's event value under one binding; nullopt: missing.
std::optional<Shape> bound_shape(const ir::FieldMapProgram& f, const ir::RuleBinding& b, ir::SlotId slot) {
  for (const auto& in : b.inputs) {
    if (in.rule_slot != slot) continue;
    switch (in.kind) {
      case ir::InputBinding::Kind::Constant:
        return in.constant.is_null() ? Shape{Shape::Kind::Finite, {}} : Shape{Shape::Kind::Finite, in.constant.texts()};
      case ir::InputBinding::Kind::Derive: return derive_shape(f, in.derive_slot, 0);
      case ir::InputBinding::Kind::Null: return std::nullopt;
      case ir::InputBinding::Kind::RawLine: return Shape{};
    }
  }
  return Shape{};
}

bool value_possible(const Shape& s, const Comparison& c) {
  if (s.kind == Shape::Kind::Top) return true;
  bool glob = c.matcher.kind == ir::Matcher::Kind::Glob || c.matcher.kind == ir::Matcher::Kind::GlobCS;
  if (s.kind == Shape::Kind::NoSlash) return !(c.eval_equals || glob) || !has_slash(c.value);
  if (c.eval_equals) return std::find(s.values.begin(), s.values.end(), c.value) != s.values.end();
  rt::SearchMatcher m(c.matcher);
  return std::any_of(s.values.begin(), s.values.end(), [&](const std::string& v) { return m.matches(v); });
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string describe(const Shape& s) {
  if (s.kind == Shape::Kind::NoSlash) return "a file name (no '/')";
  if (s.values.empty()) return "null";
  if (s.values.size() == 1) return "always " + quoted(s.values[0]);
  std::string out = "one of ";
  for (size_t i = 0; i < s.values.size(); ++i) out += (i ? ", " : "") + quoted(s.values[i]);
  return out;
}

}  // namespace

void check_impossible_values(const RuleView& r, std::vector<LintWarning>& out) {
  if (r.fieldmaps.empty()) return;
  for_each_event_comparison(r.plan, [&](const Comparison& c) {
    const std::string& field = r.plan.slots[c.slot];
    if (field == "sourcetype") return;  // unknown-sourcetype's
    bool possible = false;
    std::string why, maps;
    for (size_t i = 0; i < r.fieldmaps.size() && !possible; ++i) {
      auto shape = bound_shape(*r.fieldmaps[i], *r.bindings[i], c.slot);
      if (!shape) continue;  // the field is missing there: unknown-field's
      if (value_possible(*shape, c)) {
        possible = true;
      } else {
        if (why.empty()) why = describe(*shape);
        if (maps.find(r.fieldmaps[i]->sourcetype) == std::string::npos)
          maps += (maps.empty() ? "" : ", ") + r.fieldmaps[i]->sourcetype;
      }
    }
    if (possible || why.empty()) return;
    why += " in field map" + std::string(maps.find(',') == std::string::npos ? " " : "s ") + maps;
    size_t field_at = find_token(r.report.expanded_spl, field, 0);
    out.push_back(warn_at_token(r, "impossible-value", c.value, field_at == std::string::npos ? 0 : field_at,
                                "`" + field + "` is " + why + ", so it never matches " + quoted(c.value)));
  });
}

void check_unknown_sourcetypes(const RuleView& r, const std::vector<const ir::FieldMapProgram*>& all_maps,
                               const std::vector<LintDataSource>& sources, std::vector<LintWarning>& out) {
  std::vector<std::string> claimed;
  for (const auto* f : all_maps) claimed.push_back(f->sourcetype);
  for (const auto& d : sources)
    if (!d.sourcetype.empty()) claimed.push_back(d.sourcetype);
  if (claimed.empty()) return;
  // One required test (an IN list: all its values) that no known sourcetype
  // passes drops every event: the detection never fires.
  struct Group {
    bool required = false, known = false;
    std::vector<std::string> values;
  };
  std::map<size_t, Group> groups;
  for_each_event_comparison(r.plan, [&](const Comparison& c) {
    if (r.plan.slots[c.slot] != "sourcetype") return;
    Group& g = groups[c.group];
    g.required = c.required;
    g.values.push_back(c.value);
    if (c.eval_equals) {
      g.known = g.known || std::find(claimed.begin(), claimed.end(), c.value) != claimed.end();
    } else {
      rt::SearchMatcher m(c.matcher);
      g.known = g.known || std::any_of(claimed.begin(), claimed.end(), [&](const std::string& st) { return m.matches(st); });
    }
  });
  for (const auto& [id, g] : groups) {
    if (!g.required || g.known) continue;
    std::string values;
    for (const auto& v : g.values) values += (values.empty() ? "" : ", ") + quoted(v);
    size_t field_at = find_token(r.report.expanded_spl, "sourcetype", 0);
    out.push_back(warn_at_token(r, "unknown-sourcetype", g.values[0], field_at == std::string::npos ? 0 : field_at,
                                "no field map or data source has sourcetype " + values +
                                    "; this detection never sees an event"));
  }
}

}  // namespace rulejit::lint
