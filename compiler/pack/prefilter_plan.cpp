#include "compiler/pack/prefilter_plan.h"

#include <algorithm>
#include <optional>
#include <set>
#include <variant>

#include "runtime/interp/search_matcher.h"

namespace rulejit {
namespace {

// How a field's value relates to the raw line (see the header).
enum class Shape { Unknown, Copy, Basename, Parts, RawLine };

Shape combine(Shape a, Shape b) {
  if (a == Shape::Unknown || b == Shape::Unknown) return Shape::Unknown;
  if (a == b) return a;
  if (a == Shape::RawLine || b == Shape::RawLine) return Shape::Unknown;
  if (a == Shape::Parts || b == Shape::Parts) return Shape::Parts;
  return Shape::Basename;  // Copy with Basename: `"v"` is one of basename's literals
}

// A field's shape, and the constant texts it can take instead of raw text
// (CIM's "unknown" for an empty field): a test that no constant passes still
// needs its literal.
struct FieldShape {
  Shape shape = Shape::Unknown;
  std::vector<std::string> constants;
};

class ShapeOf {
 public:
  explicit ShapeOf(const ir::FieldMapProgram& fm) : fm_(fm) {
    for (const auto& st : fm.derive.stages)
      if (const auto* ev = std::get_if<ir::EvalStage>(&st))
        for (const auto& a : ev->assigns) defs_[a.target] = a.expr.get();
  }

  FieldShape slot(ir::SlotId s, int depth = 0) const {
    if (std::find(fm_.raw_slots.begin(), fm_.raw_slots.end(), s) != fm_.raw_slots.end()) return {Shape::Copy, {}};
    auto it = defs_.find(s);
    if (it == defs_.end() || depth > 16) return {};
    return expr(*it->second, depth + 1);
  }

 private:
  static FieldShape merge(FieldShape a, const FieldShape& b) {
    // A text constant arm adds a constant, not a shape.
    if (a.shape == Shape::Unknown && a.constants.empty()) return a;
    if (b.shape == Shape::Unknown && b.constants.empty()) return b;
    if (a.shape == Shape::Unknown) a.shape = b.shape;
    else if (b.shape != Shape::Unknown) a.shape = combine(a.shape, b.shape);
    a.constants.insert(a.constants.end(), b.constants.begin(), b.constants.end());
    return a;
  }

  FieldShape expr(const ir::Expr& e, int depth) const {
    switch (e.op) {
      case ir::Op::Field: return slot(e.slot, depth);
      case ir::Op::Const:
        if (e.value.is_string()) return {Shape::Unknown, {e.value.texts().empty() ? "" : e.value.texts()[0]}};
        return {};
      case ir::Op::Call:
        if (e.args.size() == 1 && e.text == "basename") {
          FieldShape in = expr(*e.args[0], depth);
          if (!in.constants.empty() || in.shape == Shape::Unknown) return {};
          in.shape = in.shape == Shape::Copy ? Shape::Basename : Shape::Parts;
          return in;
        }
        if (e.args.size() == 1 && (e.text == "lower" || e.text == "upper")) {
          FieldShape in = expr(*e.args[0], depth);
          return in.constants.empty() ? in : FieldShape{};
        }
        return {};
      case ir::Op::Coalesce: {
        if (e.args.empty()) return {};
        FieldShape s = expr(*e.args[0], depth);
        for (size_t i = 1; i < e.args.size(); ++i) s = merge(std::move(s), expr(*e.args[i], depth));
        return s;
      }
      case ir::Op::If:
        if (e.args.size() != 3) return {};
        return merge(expr(*e.args[1], depth), expr(*e.args[2], depth));
      case ir::Op::Case: {
        // case(c1, v1, c2, v2, ...): every value arm (no match gives null).
        if (e.args.size() % 2 != 0 || e.args.empty()) return {};
        FieldShape s = expr(*e.args[1], depth);
        for (size_t i = 3; i < e.args.size(); i += 2) s = merge(std::move(s), expr(*e.args[i], depth));
        return s;
      }
      case ir::Op::Concat: {
        bool any_field = false;
        for (const auto& a : e.args) {
          if (a->op == ir::Op::Const && a->value.is_string()) continue;
          const FieldShape in = expr(*a, depth);
          if (in.shape == Shape::Unknown || !in.constants.empty()) return {};
          any_field = true;
        }
        return any_field ? FieldShape{Shape::Parts, {}} : FieldShape{};
      }
      default: return {};
    }
  }

  const ir::FieldMapProgram& fm_;
  std::map<ir::SlotId, const ir::Expr*> defs_;
};

// Bytes that appear unchanged in JSON text (escapes aside, see the header).
bool safe(char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// JSON numbers and true/false/null are written without quotes: a quote
// anchor next to text that could be (the start or end of) one of them would
// miss it. `run` is lower-case.
bool number_text(std::string_view run) {
  return run.find_first_not_of("0123456789.e+-") == std::string_view::npos;
}
bool may_start_unquoted(std::string_view run) {
  return number_text(run) || std::string_view("true").starts_with(run) ||
         std::string_view("false").starts_with(run) || std::string_view("null").starts_with(run);
}
bool may_end_unquoted(std::string_view run) {
  return number_text(run) || std::string_view("true").ends_with(run) || std::string_view("false").ends_with(run) ||
         std::string_view("null").ends_with(run);
}

using Literals = std::optional<std::vector<std::string>>;  // nullopt: no requirement

// The literals one value test needs: `pattern` is a glob (`*` only) over a
// field of shape `shape`; at least one returned literal occurs in the line
// whenever some value of the field matches.
Literals glob_literals(std::string_view pattern, Shape shape) {
  if (shape == Shape::Unknown || pattern.find('\\') != std::string_view::npos) return std::nullopt;
  struct Part {
    std::string_view text;
    bool start, end;  // anchored at the value's start / end
  };
  std::vector<Part> parts;
  size_t i = 0;
  while (i <= pattern.size()) {
    size_t j = pattern.find('*', i);
    if (j == std::string_view::npos) j = pattern.size();
    if (j > i) parts.push_back({pattern.substr(i, j - i), i == 0, j == pattern.size()});
    i = j + 1;
  }
  std::vector<std::string> best;
  size_t best_score = 0;
  for (const Part& p : parts) {
    // Split into runs of safe bytes (and, for concatenations, at spaces:
    // the joining text); a run touching an anchored end keeps the anchor.
    size_t k = 0;
    while (k < p.text.size()) {
      while (k < p.text.size() && !safe(p.text[k])) ++k;
      size_t e = k;
      while (e < p.text.size() && safe(p.text[e]) && !(shape == Shape::Parts && p.text[e] == ' ')) ++e;
      if (e > k) {
        std::string run;
        for (size_t x = k; x < e; ++x) run += lower(p.text[x]);
        const bool at_start = p.start && k == 0, at_end = p.end && e == p.text.size();
        std::vector<std::string> alts;
        const bool quote_start = at_start && !may_start_unquoted(run);
        const bool quote_end = at_end && !may_end_unquoted(run);
        const std::string tail = (shape == Shape::Copy || shape == Shape::Basename) && quote_end ? "\"" : "";
        if (shape == Shape::Copy && quote_start) {
          alts.push_back("\"" + run + tail);
        } else if (shape == Shape::Basename && at_start) {
          alts.push_back("/" + run + tail);
          alts.push_back((quote_start ? "\"" : "") + run + tail);
        } else {
          alts.push_back(run + tail);
        }
        size_t score = SIZE_MAX;
        for (const auto& a : alts) score = std::min(score, a.size());
        if (score > best_score) {
          best_score = score;
          best = std::move(alts);
        }
      }
      k = e + 1;
    }
  }
  if (best.empty()) return std::nullopt;
  return best;
}

class Deriver {
 public:
  Deriver(const ir::Pack& pack, const ir::RuleBinding& b, const ir::Plan& plan)
      : pack_(pack), binding_(b), plan_(plan), shapes_(pack.fieldmaps[b.fieldmap]) {}

  Literals expr(const ir::Expr& e, std::string& why) {
    switch (e.op) {
      case ir::Op::And: {
        Literals best;
        for (const auto& a : e.args) {
          std::string w;
          Literals l = expr(*a, w);
          if (l && (!best || score(*l) > score(*best))) {
            best = std::move(l);
            why = w;
          }
        }
        return best;
      }
      case ir::Op::Or: {
        std::vector<std::string> all;
        for (const auto& a : e.args) {
          std::string w;
          Literals l = expr(*a, w);
          if (!l) return std::nullopt;
          all.insert(all.end(), l->begin(), l->end());
          if (!why.empty()) why += " OR ";
          why += w;
        }
        return all;
      }
      case ir::Op::MatchAny: {
        if (e.index >= plan_.matchers.size()) return std::nullopt;
        const ir::Matcher& m = plan_.matchers[e.index];
        const FieldShape fs = field_shape(e.slot);
        const Shape shape = fs.shape;
        why = plan_.slots[e.slot];
        // A constant the field can take without raw text that passes the
        // test: the test needs no literal.
        if (!fs.constants.empty()) {
          const rt::SearchMatcher test(m);
          for (const auto& c : fs.constants)
            if (test.matches(c)) return std::nullopt;
        }
        using K = ir::Matcher::Kind;
        if (m.kind == K::Glob || m.kind == K::GlobCS) return glob_literals(m.pattern, shape);
        if (m.kind == K::GlobList) {
          // Some glob of the list matches: any glob's literal will do.
          std::vector<std::string> all;
          for (const auto& glob : m.items) {
            Literals l = glob_literals(glob, shape);
            if (!l) return std::nullopt;
            all.insert(all.end(), l->begin(), l->end());
          }
          return all.empty() ? Literals() : Literals(all);
        }
        if (m.kind == K::Set) {
          std::vector<std::string> all;
          for (const auto& item : m.items) {
            // Set items are exact values ('*' in them is text, not a wildcard).
            if (item.find('*') != std::string::npos) return std::nullopt;
            Literals l = glob_literals(item, shape);
            if (!l) return std::nullopt;
            all.insert(all.end(), l->begin(), l->end());
          }
          return all.empty() ? Literals() : Literals(all);
        }
        return std::nullopt;
      }
      case ir::Op::RawTerm: {
        why = "_raw";
        // A bare term: its text occurs in the raw line (a wildcard splits it).
        return glob_literals("*" + e.text + "*", Shape::RawLine);
      }
      default: return std::nullopt;
    }
  }

  static size_t score(const std::vector<std::string>& lits) {
    size_t s = SIZE_MAX;
    for (const auto& l : lits) s = std::min(s, l.size());
    return lits.empty() ? 0 : s;
  }

 private:
  FieldShape field_shape(ir::SlotId rule_slot) const {
    for (const auto& in : binding_.inputs) {
      if (in.rule_slot != rule_slot) continue;
      if (in.kind == ir::InputBinding::Kind::RawLine) return {Shape::RawLine, {}};
      if (in.kind == ir::InputBinding::Kind::Derive) return shapes_.slot(in.derive_slot);
      return {};
    }
    return {};
  }

  const ir::Pack& pack_;
  const ir::RuleBinding& binding_;
  const ir::Plan& plan_;
  ShapeOf shapes_;
};

}  // namespace

PrefilterPlan plan_prefilter(const ir::Pack& pack) {
  PrefilterPlan out;
  out.bindings.resize(pack.bindings.size());
  for (size_t b = 0; b < pack.bindings.size(); ++b) {
    const ir::RuleBinding& binding = pack.bindings[b];
    const ir::Plan& plan = *pack.rules[binding.rule].plan;
    Deriver d(pack, binding, plan);
    BindingLiterals& lits = out.bindings[b];
    // The leading filters: every one must pass, so any one's literals do.
    for (const auto& st : plan.stages) {
      const auto* f = std::get_if<ir::FilterStage>(&st);
      if (!f) break;
      std::string why;
      Literals l = d.expr(*f->cond, why);
      if (!l || l->empty()) continue;
      if (lits.always || Deriver::score(*l) > Deriver::score(lits.any_of)) {
        std::set<std::string> unique(l->begin(), l->end());
        lits.always = false;
        lits.any_of.assign(unique.begin(), unique.end());
        lits.why = why;
      }
    }
  }
  return out;
}

std::string print_prefilter(const ir::Pack& pack, const PrefilterPlan& plan) {
  std::string out;
  for (size_t b = 0; b < plan.bindings.size() && b < pack.bindings.size(); ++b) {
    const auto& binding = pack.bindings[b];
    const auto& l = plan.bindings[b];
    out += pack.rules[binding.rule].name + " @ " + pack.fieldmaps[binding.fieldmap].name + ": ";
    if (l.always) {
      out += "every event (no literal from its leading filters)\n";
      continue;
    }
    out += "one of " + std::to_string(l.any_of.size()) + " literals (from " + l.why + "):";
    for (size_t i = 0; i < l.any_of.size() && i < 12; ++i) out += " '" + l.any_of[i] + "'";
    if (l.any_of.size() > 12) out += " ...";
    out += "\n";
  }
  return out;
}

}  // namespace rulejit
