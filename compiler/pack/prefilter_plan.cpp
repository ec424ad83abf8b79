#include "compiler/pack/prefilter_plan.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <variant>

#include "compiler/pack/regex_literals.h"
#include "runtime/interp/search_matcher.h"
#include "runtime/lookup/lookup_table.h"

namespace rulejit {
namespace {

// How a field's value relates to the raw line (see the header).
// Null: the field has no value (a slot nothing binds or writes).
enum class Shape { Unknown, Copy, Basename, Parts, RawLine, Null };

Shape combine(Shape a, Shape b) {
  if (a == Shape::Null) return b;
  if (b == Shape::Null) return a;
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
  // urldecode() of such a value: '%' in the line may spell any byte, '+' a space.
  bool urldecoded = false;
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
        // Not lower/upper: Unicode case mapping turns U+212A into 'k'.
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
          if (a->op == ir::Op::Const && a->value.is_string()) {
            // Parts are split at spaces only: other joining text could
            // form a literal across two values.
            const auto& t = a->value.texts();
            if (!t.empty() && t[0].find_first_not_of(' ') != std::string::npos) return {};
            continue;
          }
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

// In-band marks on a literal inside this file (bytes no literal holds),
// moved to BindingLiterals::word at the end: the line's byte before / after
// it must not be a word byte (regex `\b`); its closing quote ends a value,
// not a key (the next byte past spaces is not ':').
constexpr char kWordStart = '\x01', kWordEnd = '\x02', kValueEnd = '\x03';

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
        const std::string tail = (shape == Shape::Copy || shape == Shape::Basename) && quote_end ? std::string("\"") + kValueEnd : "";
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
      : binding_(b), plan_(plan), shapes_(pack.fieldmaps[b.fieldmap]) {}

  // The filter being derived is stages[at]: fields are as earlier stages left them.
  void at_stage(size_t at) { at_ = at; }

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
        const FieldShape fs = shape_at(e.slot, at_);
        why = plan_.slots[e.slot];
        // A constant the field can take without raw text that passes the
        // test: the test needs no literal.
        if (!fs.constants.empty()) {
          const rt::SearchMatcher test(m);
          for (const auto& c : fs.constants)
            if (test.matches(c)) return std::nullopt;
        }
        // Values that are not line text (a lookup's output): the test
        // still needs a value.
        if (fs.shape == Shape::Unknown || fs.shape == Shape::Null) return nonnull(e.slot, at_);
        if (fs.urldecoded) return std::nullopt;
        const Shape shape = fs.shape;
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
      case ir::Op::Exists:
        why = plan_.slots[e.slot];
        return nonnull(e.slot, at_);
      case ir::Op::Call:
        if (e.text == "isnotnull" && e.args.size() == 1 && e.args[0]->op == ir::Op::Field) {
          why = plan_.slots[e.args[0]->slot];
          return nonnull(e.args[0]->slot, at_);
        }
        return std::nullopt;
      case ir::Op::RegexMatch:
        if (e.args.size() != 1 || e.args[0]->op != ir::Op::Field || e.index >= plan_.regexes.size())
          return std::nullopt;
        why = plan_.slots[e.args[0]->slot];
        return regex_match(plan_.regexes[e.index], shape_at(e.args[0]->slot, at_));
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
    for (const auto& l : lits) s = std::min(s, l.size() + (l.find(kWordStart) != std::string::npos));
    return lits.empty() ? 0 : s;
  }

 private:
  // The field's value as the event gives it (no stage wrote it yet).
  FieldShape bound_shape(ir::SlotId rule_slot) const {
    for (const auto& in : binding_.inputs) {
      if (in.rule_slot != rule_slot) continue;
      if (in.kind == ir::InputBinding::Kind::RawLine) return {Shape::RawLine, {}};
      if (in.kind == ir::InputBinding::Kind::Derive) return shapes_.slot(in.derive_slot);
      if (in.kind == ir::InputBinding::Kind::Null) return {Shape::Null, {}};
      return {};
    }
    return {Shape::Null, {}};  // not an event input: rows start without it
  }

  // The stages a filter can look past: they map one row to rows derived
  // from it and drop none that a later filter would keep.
  static bool transparent(const ir::Stage& st) {
    return std::holds_alternative<ir::FilterStage>(st) || std::holds_alternative<ir::EvalStage>(st) ||
           std::holds_alternative<ir::RenameStage>(st) || std::holds_alternative<ir::RexStage>(st) ||
           std::holds_alternative<ir::LookupStage>(st) || std::holds_alternative<ir::ProjectStage>(st) ||
           std::holds_alternative<ir::FillnullStage>(st) || std::holds_alternative<ir::ExpandStage>(st);
  }

 public:
  static size_t transparent_prefix(const ir::Plan& plan) {
    size_t n = 0;
    while (n < plan.event_stages && n < plan.stages.size() && transparent(plan.stages[n])) ++n;
    return n;
  }

 private:
  enum class Write { None, Eval, RexGroup, LookupOutput, Other };
  // How stage `st` may change `slot` (Eval: *assign is the last assignment).
  static Write writes(const ir::Stage& st, ir::SlotId slot, const ir::Assign** assign) {
    if (const auto* ev = std::get_if<ir::EvalStage>(&st)) {
      Write w = Write::None;
      for (const auto& a : ev->assigns)
        if (a.target == slot) {
          *assign = &a;
          w = Write::Eval;
        }
      return w;
    }
    if (const auto* rx = std::get_if<ir::RexStage>(&st)) {
      if ((rx->sed && rx->input == slot) || rx->offset_field == slot) return Write::Other;
      for (const auto& g : rx->groups)
        if (g.slot == slot) return Write::RexGroup;
      return Write::None;
    }
    if (const auto* lk = std::get_if<ir::LookupStage>(&st)) {
      for (const auto& o : lk->outputs)
        if (o.slot == slot) return Write::LookupOutput;
      return Write::None;
    }
    if (const auto* rn = std::get_if<ir::RenameStage>(&st)) {
      for (const auto& p : rn->pairs)
        if (p.from == slot || p.to == slot) return Write::Other;
      return Write::None;
    }
    if (const auto* fn = std::get_if<ir::FillnullStage>(&st)) {
      if (fn->slots.empty() || std::find(fn->slots.begin(), fn->slots.end(), slot) != fn->slots.end())
        return Write::Other;
      return Write::None;
    }
    if (const auto* ex = std::get_if<ir::ExpandStage>(&st)) return ex->slot == slot ? Write::Other : Write::None;
    if (std::holds_alternative<ir::FilterStage>(st)) return Write::None;
    return Write::Other;  // project and anything else
  }

  // The last stage before `at` that may write `slot` (npos: none).
  size_t last_writer(ir::SlotId slot, size_t at, Write* w, const ir::Assign** assign) const {
    for (size_t s = at; s-- > 0;) {
      *w = writes(plan_.stages[s], slot, assign);
      if (*w != Write::None) return s;
    }
    *w = Write::None;
    return SIZE_MAX;
  }

  // The shape of `slot` as stage `at` sees it.
  FieldShape shape_at(ir::SlotId slot, size_t at, int depth = 0) const {
    if (depth > 16) return {};
    Write w;
    const ir::Assign* assign = nullptr;
    const size_t s = last_writer(slot, at, &w, &assign);
    switch (w) {
      case Write::None: return bound_shape(slot);
      case Write::Eval: {
        // Fields the expression reads must not be assigned in the same
        // eval (left to right): their values would be the new ones.
        const auto& ev = std::get<ir::EvalStage>(plan_.stages[s]);
        return eval_shape(*assign->expr, s, ev, depth + 1);
      }
      case Write::RexGroup: {
        // A capture is a substring of the input; no match keeps the value.
        const auto& rx = std::get<ir::RexStage>(plan_.stages[s]);
        FieldShape in = shape_at(rx.input, s, depth + 1);
        if (!in.constants.empty()) return {};
        // Parts: unanchored, split at spaces, which also covers the
        // field's earlier value when that is a copy or a basename.
        FieldShape cap;
        if (in.shape == Shape::Unknown || in.shape == Shape::Null) return {};
        cap.shape = Shape::Parts;
        cap.urldecoded = in.urldecoded;
        FieldShape before = shape_at(slot, s, depth + 1);
        if (before.shape == Shape::Null) return cap;
        if (!before.constants.empty() || before.urldecoded != cap.urldecoded) return {};
        cap.shape = combine(cap.shape, before.shape);
        return cap.shape == Shape::Unknown ? FieldShape{} : cap;
      }
      default: return {};
    }
  }

  FieldShape eval_shape(const ir::Expr& e, size_t s, const ir::EvalStage& ev, int depth) const {
    auto assigned_here = [&](ir::SlotId x) {
      for (const auto& a : ev.assigns)
        if (a.target == x) return true;
      return false;
    };
    if (e.op == ir::Op::Field) {
      if (assigned_here(e.slot)) return {};
      return shape_at(e.slot, s, depth);
    }
    if (e.op == ir::Op::Call && e.text == "urldecode" && e.args.size() == 1 && e.args[0]->op == ir::Op::Field) {
      if (assigned_here(e.args[0]->slot)) return {};
      FieldShape in = shape_at(e.args[0]->slot, s, depth);
      if (!in.constants.empty() || in.shape == Shape::Unknown || in.shape == Shape::Null) return {};
      in.urldecoded = true;  // decoding twice adds nothing a '%' does not cover
      return in;
    }
    return {};
  }

  // Literals one of which occurs when `slot` has a value at stage `at`.
  Literals nonnull(ir::SlotId slot, size_t at, int depth = 0) const {
    if (depth > 16) return std::nullopt;
    Write w;
    const ir::Assign* assign = nullptr;
    const size_t s = last_writer(slot, at, &w, &assign);
    if (w == Write::None) {
      const FieldShape fs = bound_shape(slot);
      if (fs.shape == Shape::Null) return std::vector<std::string>{};  // never a value
      return std::nullopt;
    }
    if (w != Write::LookupOutput) return std::nullopt;
    // Set by the lookup only on a match of exact keys; kept as it was when
    // an input is missing, or (OUTPUTNEW) when it had a value.
    const auto& lk = std::get<ir::LookupStage>(plan_.stages[s]);
    if (lk.table >= plan_.lookups.size()) return std::nullopt;
    const ir::LookupRef& ref = plan_.lookups[lk.table];
    if (ref.min_matches > 0 && ref.default_match) return std::nullopt;  // a miss gives a value too
    Literals before = nonnull(slot, s, depth + 1);
    if (!before) return std::nullopt;
    Literals best;
    for (const auto& in : lk.inputs) {
      Literals l = key_literals(ref, in.column, shape_at(in.slot, s));
      if (l && (!best || score(*l) > score(*best))) best = std::move(l);
    }
    if (!best) return std::nullopt;
    best->insert(best->end(), before->begin(), before->end());
    return best;
  }

  // The field equals (up to case) one of the column's values.
  Literals key_literals(const ir::LookupRef& ref, const std::string& column, const FieldShape& fs) const {
    if (std::find(ref.wildcard_columns.begin(), ref.wildcard_columns.end(), column) != ref.wildcard_columns.end() ||
        std::find(ref.cidr_columns.begin(), ref.cidr_columns.end(), column) != ref.cidr_columns.end())
      return std::nullopt;
    if (fs.shape == Shape::Unknown || fs.shape == Shape::Null || fs.urldecoded) return std::nullopt;
    std::string err;
    auto table = rt::LookupTable::load(ref, &err);
    if (!table) return std::nullopt;
    const int col = table->column_index(column);
    if (col < 0) return std::nullopt;
    std::vector<std::string> all;
    for (size_t r = 0; r < table->row_count(); ++r) {
      const std::string& key = table->cell(r, static_cast<size_t>(col));
      for (const auto& c : fs.constants)
        if (c.size() == key.size() && std::equal(c.begin(), c.end(), key.begin(), [](char a, char b) { return lower(a) == lower(b); }))
          return std::nullopt;  // a constant the field takes matches
      // An exact key is also a glob matching itself (`*` in it matches '*').
      Literals l = glob_literals(key, fs.shape);
      if (!l) return std::nullopt;
      all.insert(all.end(), l->begin(), l->end());
    }
    if (all.empty()) return std::nullopt;
    return all;
  }

  // Literals of a regex over a field's value (see regex_literals.h).
  static Literals regex_match(const std::string& pattern, const FieldShape& fs) {
    if (fs.shape == Shape::Unknown || fs.shape == Shape::Null || !fs.constants.empty()) return std::nullopt;
    auto rl = regex_literals(pattern);
    if (!rl) return std::nullopt;
    std::vector<std::string> all, texts;
    bool space = false;
    for (const RegexLiteral& r : *rl) {
      texts.push_back(r.text);
      const bool whole = r.text.find(' ') == std::string::npos || (fs.shape != Shape::Parts);
      if (whole && r.text.find_first_of("\"\\*") == std::string::npos) {
        // A substring of the value: its bytes are in the line as they are.
        std::string t;
        if (r.word_start) t += kWordStart;
        for (char c : r.text) t += lower(c);
        if (r.word_end) t += kWordEnd;
        space = space || r.text.find(' ') != std::string::npos;
        all.push_back(std::move(t));
        continue;
      }
      Literals l = glob_literals("*" + r.text + "*", fs.shape == Shape::Parts ? Shape::Parts : Shape::RawLine);
      if (!l) return std::nullopt;
      for (const auto& x : *l) space = space || x.find(' ') != std::string::npos;
      all.insert(all.end(), l->begin(), l->end());
    }
    for (auto& u : unicode_case_alternatives(texts)) all.push_back(std::move(u));
    if (fs.urldecoded) {
      all.push_back("%");
      if (space) all.push_back("+");
    }
    return all;
  }

  const ir::RuleBinding& binding_;
  const ir::Plan& plan_;
  ShapeOf shapes_;
  size_t at_ = 0;
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
    // Filters before any stage that drops, adds or merges rows: every one
    // must pass, so any one's literals do.
    const size_t n = Deriver::transparent_prefix(plan);
    std::vector<std::string> best;
    for (size_t i = 0; i < n; ++i) {
      const auto* f = std::get_if<ir::FilterStage>(&plan.stages[i]);
      if (!f) continue;
      d.at_stage(i);
      std::string why;
      Literals l = d.expr(*f->cond, why);
      if (!l || l->empty()) continue;
      if (lits.always || Deriver::score(*l) > Deriver::score(best)) {
        lits.always = false;
        best = std::move(*l);
        lits.why = why;
      }
    }
    // Unique literals, the word marks moved out of band.
    std::set<std::pair<std::string, uint8_t>> unique;
    for (const auto& l : best) {
      std::string text = l;
      uint8_t word = 0;
      if (!text.empty() && text.front() == kWordStart) {
        word |= rt::kWordStart;
        text.erase(0, 1);
      }
      if (!text.empty() && text.back() == kWordEnd) {
        word |= rt::kWordEnd;
        text.pop_back();
      } else if (!text.empty() && text.back() == kValueEnd) {
        word |= rt::kValueEnd;
        text.pop_back();
      }
      unique.emplace(std::move(text), word);
    }
    for (const auto& [text, word] : unique) {
      lits.any_of.push_back(text);
      lits.word.push_back(word);
    }
  }
  return out;
}

std::string print_prefilter(const ir::Pack& pack, const PrefilterPlan& plan) {
  // RULEJIT_EXPLAIN_ALL=1 lists every literal (measuring which ones match).
  const size_t kShown = std::getenv("RULEJIT_EXPLAIN_ALL") ? SIZE_MAX : 12;
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
    for (size_t i = 0; i < l.any_of.size() && i < kShown; ++i) {
      // Word-bounded literals are printed as the regex would write them.
      const uint8_t w = i < l.word.size() ? l.word[i] : 0;
      out += std::string(" '") + (w & rt::kWordStart ? "\\b" : "") + l.any_of[i] + (w & rt::kWordEnd ? "\\b" : "") + "'";
    }
    if (l.any_of.size() > kShown) out += " ...";
    out += "\n";
  }
  return out;
}

}  // namespace rulejit
