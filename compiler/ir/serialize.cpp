#include "compiler/ir/serialize.h"

#include <cstring>
#include <stdexcept>

namespace rulejit::ir {
namespace {

// ---------------------------------------------------------------- writer
class Writer {
 public:
  std::string out;
  std::vector<const Expr*>* order = nullptr;  // every node written, in order

  void u8(uint8_t v) { out.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  void f64(double d) {
    uint64_t v;
    std::memcpy(&v, &d, sizeof v);
    u64(v);
  }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out.append(s);
  }
  void strs(const std::vector<std::string>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  void slots(const std::vector<SlotId>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (SlotId s : v) u32(s);
  }

  void value(const rt::Value& v) {
    u8(static_cast<uint8_t>(v.kind()));
    switch (v.kind()) {
      case rt::Value::Kind::Null: break;
      case rt::Value::Kind::Bool: u8(v.as_bool()); break;
      case rt::Value::Kind::Number: f64(v.as_number()); break;
      case rt::Value::Kind::String: str(v.as_string()); break;
      case rt::Value::Kind::Multi: strs(v.as_multi()); break;
    }
  }

  void expr(const Expr* e) {
    u8(e ? 1 : 0);
    if (!e) return;
    if (order) order->push_back(e);
    u8(static_cast<uint8_t>(e->op));
    u32(e->slot);
    u32(e->index);
    value(e->value);
    str(e->text);
    u32(static_cast<uint32_t>(e->args.size()));
    for (const auto& a : e->args) expr(a.get());
  }

  void aggs(const std::vector<AggSpec>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& a : v) {
      u8(static_cast<uint8_t>(a.func));
      f64(a.param);
      expr(a.input.get());
      u32(a.output);
    }
  }

  void stage(const Stage& st) {
    u8(static_cast<uint8_t>(st.index()));
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, FilterStage>) {
            expr(s.cond.get());
          } else if constexpr (std::is_same_v<T, EvalStage>) {
            u32(static_cast<uint32_t>(s.assigns.size()));
            for (const auto& a : s.assigns) {
              u32(a.target);
              expr(a.expr.get());
            }
          } else if constexpr (std::is_same_v<T, RenameStage>) {
            u32(static_cast<uint32_t>(s.pairs.size()));
            for (const auto& p : s.pairs) {
              u32(p.from);
              u32(p.to);
              u8(p.only_if_present);
            }
          } else if constexpr (std::is_same_v<T, RexStage>) {
            u32(s.input);
            u32(s.regex);
            u32(static_cast<uint32_t>(s.groups.size()));
            for (const auto& g : s.groups) {
              str(g.name);
              u32(g.slot);
            }
            u32(s.max_match);
            u8(s.sed);
            u32(s.offset_field);
          } else if constexpr (std::is_same_v<T, LookupStage>) {
            u32(s.table);
            u32(static_cast<uint32_t>(s.inputs.size()));
            for (const auto& i : s.inputs) {
              str(i.column);
              u32(i.slot);
            }
            u32(static_cast<uint32_t>(s.outputs.size()));
            for (const auto& o : s.outputs) {
              str(o.column);
              u32(o.slot);
            }
            u8(s.output_new);
          } else if constexpr (std::is_same_v<T, ProjectStage>) {
            slots(s.keep);
            u8(s.remove);
            u8(s.keep_internal);
          } else if constexpr (std::is_same_v<T, FillnullStage>) {
            value(s.value);
            slots(s.slots);
          } else if constexpr (std::is_same_v<T, ExpandStage>) {
            u32(s.slot);
            u32(s.limit);
          } else if constexpr (std::is_same_v<T, AggregateStage>) {
            slots(s.keys);
            aggs(s.aggs);
            u8(s.fillnull.has_value());
            if (s.fillnull) str(*s.fillnull);
            u8(s.dedup_splitvals);
          } else if constexpr (std::is_same_v<T, EventStatsStage>) {
            slots(s.keys);
            aggs(s.aggs);
          } else if constexpr (std::is_same_v<T, StreamStatsStage>) {
            slots(s.keys);
            aggs(s.aggs);
            u32(s.window);
            u8(s.current);
            u8(s.global);
            f64(s.time_window);
            slots(s.reset_on_change);
          } else if constexpr (std::is_same_v<T, DedupStage>) {
            slots(s.keys);
            u32(s.count);
            u8(s.keepempty);
            u8(s.consecutive);
          } else if constexpr (std::is_same_v<T, SortStage>) {
            u32(static_cast<uint32_t>(s.keys.size()));
            for (const auto& k : s.keys) {
              u32(k.slot);
              u8(k.descending);
              u8(static_cast<uint8_t>(k.as));
            }
            u32(s.limit);
          } else if constexpr (std::is_same_v<T, HeadStage>) {
            u32(s.count);
            expr(s.while_cond.get());
          } else if constexpr (std::is_same_v<T, SubplanStage>) {
            u8(static_cast<uint8_t>(s.kind));
            slots(s.join_keys);
            u32(s.max);
            u8(s.sub ? 1 : 0);
            if (s.sub) plan(*s.sub);
            u32(s.sub_rule);
          } else if constexpr (std::is_same_v<T, ForeachFieldsStage>) {
            str(s.pattern);
            u32(s.raw);
            u32(s.value);
            slots(s.fields);
            u32(static_cast<uint32_t>(s.assigns.size()));
            for (const auto& a : s.assigns) {
              u32(a.target);
              expr(a.expr.get());
            }
          } else if constexpr (std::is_same_v<T, TransactionStage>) {
            slots(s.keys);
            f64(s.maxspan);
            f64(s.maxpause);
            u32(s.maxevents);
            u32(s.duration);
            u32(s.eventcount);
          }
        },
        st);
  }

  void lookup(const LookupRef& l) {
    str(l.name);
    str(l.csv_path);
    u8(l.case_sensitive);
    strs(l.wildcard_columns);
    strs(l.cidr_columns);
    u32(l.max_matches);
    u32(l.min_matches);
    u8(l.default_match.has_value());
    if (l.default_match) str(*l.default_match);
    strs(l.columns);
    // Lookups travel inside the artifact, so a pack runs without its files.
    str(l.csv_text ? *l.csv_text : std::string());
  }

  void plan(const Plan& p) {
    str(p.rule_name);
    str(p.rule_id);
    u8(static_cast<uint8_t>(p.source.kind));
    str(p.source.name);
    strs(p.slots);
    u32(static_cast<uint32_t>(p.stages.size()));
    for (const auto& st : p.stages) stage(st);
    u64(p.event_stages);
    slots(p.columns);
    u8(p.columns_dynamic);
    u32(static_cast<uint32_t>(p.matchers.size()));
    for (const auto& m : p.matchers) {
      u8(static_cast<uint8_t>(m.kind));
      str(m.pattern);
      strs(m.items);
    }
    strs(p.regexes);
    u32(static_cast<uint32_t>(p.sets.size()));
    for (const auto& s : p.sets) strs(s);
    u32(static_cast<uint32_t>(p.lookups.size()));
    for (const auto& l : p.lookups) lookup(l);
  }
};

// ---------------------------------------------------------------- reader
struct Corrupt : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  bool done() const { return pos_ == d_.size(); }

  uint8_t u8() {
    need(1);
    return static_cast<uint8_t>(d_[pos_++]);
  }
  uint32_t u32() {
    need(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(d_[pos_ + i])} << (8 * i);
    pos_ += 4;
    return v;
  }
  uint64_t u64() {
    need(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(d_[pos_ + i])} << (8 * i);
    pos_ += 8;
    return v;
  }
  double f64() {
    uint64_t v = u64();
    double d;
    std::memcpy(&d, &v, sizeof d);
    return d;
  }
  bool flag() { return u8() != 0; }
  std::string str() {
    uint32_t n = u32();
    need(n);
    std::string s(d_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of items, each at least `min_item` bytes: rejects counts the
  // remaining data cannot hold (so a corrupt count cannot allocate gigabytes).
  uint32_t count(size_t min_item = 1) {
    uint32_t n = u32();
    if (static_cast<uint64_t>(n) * min_item > d_.size() - pos_) throw Corrupt("count beyond the end of the data");
    return n;
  }
  std::vector<std::string> strs() {
    uint32_t n = count(4);
    std::vector<std::string> v;
    v.reserve(n);
    for (uint32_t i = 0; i < n; ++i) v.push_back(str());
    return v;
  }
  std::vector<SlotId> slots() {
    uint32_t n = count(4);
    std::vector<SlotId> v;
    v.reserve(n);
    for (uint32_t i = 0; i < n; ++i) v.push_back(u32());
    return v;
  }
  template <typename E>
  E enum_value(uint8_t max) {
    uint8_t v = u8();
    if (v > max) throw Corrupt("enum value out of range");
    return static_cast<E>(v);
  }

  rt::Value value() {
    switch (enum_value<rt::Value::Kind>(static_cast<uint8_t>(rt::Value::Kind::Multi))) {
      case rt::Value::Kind::Null: return {};
      case rt::Value::Kind::Bool: return rt::Value::boolean(flag());
      case rt::Value::Kind::Number: return rt::Value::number(f64());
      case rt::Value::Kind::String: return rt::Value::string(str());
      case rt::Value::Kind::Multi: return rt::Value::make_multi(strs());
    }
    return {};
  }

  ExprPtr expr(int depth = 0) {
    if (depth > 2000) throw Corrupt("expression nested too deeply");
    if (!flag()) return nullptr;
    auto e = std::make_unique<Expr>();
    e->op = enum_value<Op>(static_cast<uint8_t>(Op::Call));
    e->slot = u32();
    e->index = u32();
    e->value = value();
    e->text = str();
    uint32_t n = count(1);
    for (uint32_t i = 0; i < n; ++i) {
      auto a = expr(depth + 1);
      if (!a) throw Corrupt("missing expression argument");
      e->args.push_back(std::move(a));
    }
    return e;
  }

  std::vector<AggSpec> aggs() {
    uint32_t n = count(14);
    std::vector<AggSpec> v;
    for (uint32_t i = 0; i < n; ++i) {
      AggSpec a;
      a.func = enum_value<AggFunc>(static_cast<uint8_t>(AggFunc::Sparkline));
      a.param = f64();
      a.input = expr();
      a.output = u32();
      v.push_back(std::move(a));
    }
    return v;
  }

  Stage stage(int depth) {
    uint8_t kind = u8();
    switch (kind) {
      case 0: return FilterStage{expr()};
      case 1: {
        EvalStage s;
        uint32_t n = count(5);
        for (uint32_t i = 0; i < n; ++i) {
          Assign a;
          a.target = u32();
          a.expr = expr();
          if (!a.expr) throw Corrupt("eval without expression");
          s.assigns.push_back(std::move(a));
        }
        return s;
      }
      case 2: {
        RenameStage s;
        uint32_t n = count(9);
        for (uint32_t i = 0; i < n; ++i) {
          RenameStage::Pair p;
          p.from = u32();
          p.to = u32();
          p.only_if_present = flag();
          s.pairs.push_back(p);
        }
        return s;
      }
      case 3: {
        RexStage s;
        s.input = u32();
        s.regex = u32();
        uint32_t n = count(8);
        for (uint32_t i = 0; i < n; ++i) {
          RexStage::Group g;
          g.name = str();
          g.slot = u32();
          s.groups.push_back(std::move(g));
        }
        s.max_match = u32();
        s.sed = flag();
        s.offset_field = u32();
        return s;
      }
      case 4: {
        LookupStage s;
        s.table = u32();
        uint32_t n = count(8);
        for (uint32_t i = 0; i < n; ++i) {
          LookupStage::Input in;
          in.column = str();
          in.slot = u32();
          s.inputs.push_back(std::move(in));
        }
        n = count(8);
        for (uint32_t i = 0; i < n; ++i) {
          LookupStage::Output o;
          o.column = str();
          o.slot = u32();
          s.outputs.push_back(std::move(o));
        }
        s.output_new = flag();
        return s;
      }
      case 5: {
        ProjectStage s;
        s.keep = slots();
        s.remove = flag();
        s.keep_internal = flag();
        return s;
      }
      case 6: {
        FillnullStage s;
        s.value = value();
        s.slots = slots();
        return s;
      }
      case 7: {
        ExpandStage s;
        s.slot = u32();
        s.limit = u32();
        return s;
      }
      case 8: {
        AggregateStage s;
        s.keys = slots();
        s.aggs = aggs();
        if (flag()) s.fillnull = str();
        s.dedup_splitvals = flag();
        return s;
      }
      case 9: {
        EventStatsStage s;
        s.keys = slots();
        s.aggs = aggs();
        return s;
      }
      case 10: {
        StreamStatsStage s;
        s.keys = slots();
        s.aggs = aggs();
        s.window = u32();
        s.current = flag();
        s.global = flag();
        s.time_window = f64();
        s.reset_on_change = slots();
        return s;
      }
      case 11: {
        DedupStage s;
        s.keys = slots();
        s.count = u32();
        s.keepempty = flag();
        s.consecutive = flag();
        return s;
      }
      case 12: {
        SortStage s;
        uint32_t n = count(6);
        for (uint32_t i = 0; i < n; ++i) {
          SortKey k;
          k.slot = u32();
          k.descending = flag();
          k.as = enum_value<SortKey::As>(static_cast<uint8_t>(SortKey::As::Ip));
          s.keys.push_back(k);
        }
        s.limit = u32();
        return s;
      }
      case 13: {
        HeadStage s;
        s.count = u32();
        s.while_cond = expr();
        return s;
      }
      case 14: {
        SubplanStage s;
        s.kind = enum_value<SubplanStage::Kind>(static_cast<uint8_t>(SubplanStage::Kind::AppendPipe));
        s.join_keys = slots();
        s.max = u32();
        if (flag()) {
          if (depth > 8) throw Corrupt("sub-plans nested too deeply");
          s.sub = std::make_shared<Plan>(plan(depth + 1));
        }
        s.sub_rule = u32();
        return s;
      }
      case 15: {
        TransactionStage s;
        s.keys = slots();
        s.maxspan = f64();
        s.maxpause = f64();
        s.maxevents = u32();
        s.duration = u32();
        s.eventcount = u32();
        return s;
      }
      case 16: {
        ForeachFieldsStage s;
        s.pattern = str();
        s.raw = u32();
        s.value = u32();
        s.fields = slots();
        uint32_t n = count(5);
        for (uint32_t i = 0; i < n; ++i) {
          Assign a;
          a.target = u32();
          a.expr = expr();
          if (!a.expr) throw Corrupt("foreach without expression");
          s.assigns.push_back(std::move(a));
        }
        return s;
      }
      default: throw Corrupt("unknown stage kind");
    }
  }

  LookupRef lookup() {
    LookupRef l;
    l.name = str();
    l.csv_path = str();
    l.case_sensitive = flag();
    l.wildcard_columns = strs();
    l.cidr_columns = strs();
    l.max_matches = u32();
    l.min_matches = u32();
    if (flag()) l.default_match = str();
    l.columns = strs();
    l.csv_text = std::make_shared<const std::string>(str());
    return l;
  }

  Plan plan(int depth = 0) {
    Plan p;
    p.rule_name = str();
    p.rule_id = str();
    p.source.kind = enum_value<Source::Kind>(static_cast<uint8_t>(Source::Kind::DatamodelEvents));
    p.source.name = str();
    p.slots = strs();
    uint32_t n = count(1);
    for (uint32_t i = 0; i < n; ++i) p.stages.push_back(stage(depth));
    p.event_stages = u64();
    p.columns = slots();
    p.columns_dynamic = flag();
    n = count(9);
    for (uint32_t i = 0; i < n; ++i) {
      Matcher m;
      m.kind = enum_value<Matcher::Kind>(static_cast<uint8_t>(Matcher::Kind::GlobList));
      m.pattern = str();
      m.items = strs();
      p.matchers.push_back(std::move(m));
    }
    p.regexes = strs();
    n = count(4);
    for (uint32_t i = 0; i < n; ++i) p.sets.push_back(strs());
    n = count(20);
    for (uint32_t i = 0; i < n; ++i) p.lookups.push_back(lookup());
    auto problems = verify_plan(p);
    if (!problems.empty()) throw Corrupt("plan '" + p.rule_name + "' is not well-formed: " + problems[0]);
    return p;
  }

 private:
  void need(size_t n) {
    if (n > d_.size() - pos_) throw Corrupt("unexpected end of data");
  }
  std::string_view d_;
  size_t pos_ = 0;
};

}  // namespace

std::string serialize_pack(const Pack& pack, std::vector<const Expr*>* exprs) {
  Writer w;
  w.order = exprs;
  w.out.append("RJIR", 4);
  w.u32(kIrFormatVersion);
  w.u32(static_cast<uint32_t>(pack.rules.size()));
  for (const auto& r : pack.rules) {
    w.str(r.name);
    w.str(r.id);
    w.str(r.file);
    w.u8(r.hidden);
    w.plan(*r.plan);
  }
  w.u32(static_cast<uint32_t>(pack.fieldmaps.size()));
  for (const auto& f : pack.fieldmaps) {
    w.str(f.name);
    w.str(f.file);
    w.str(f.sourcetype);
    w.str(f.match_key);
    w.plan(f.derive);
    w.slots(f.raw_slots);
    w.u32(static_cast<uint32_t>(f.derived.size()));
    for (const auto& [k, v] : f.derived) {
      w.str(k);
      w.u32(v);
    }
    w.u32(static_cast<uint32_t>(f.constants.size()));
    for (const auto& [k, v] : f.constants) {
      w.str(k);
      w.value(v);
    }
    w.u32(static_cast<uint32_t>(f.datamodels.size()));
    for (const auto& [ds, fields] : f.datamodels) {
      w.str(ds);
      w.u32(static_cast<uint32_t>(fields.size()));
      for (const auto& [k, v] : fields) {
        w.str(k);
        w.u32(v);
      }
    }
  }
  w.u32(static_cast<uint32_t>(pack.bindings.size()));
  for (const auto& b : pack.bindings) {
    w.u32(b.rule);
    w.u32(b.fieldmap);
    w.u32(static_cast<uint32_t>(b.inputs.size()));
    for (const auto& in : b.inputs) {
      w.u8(static_cast<uint8_t>(in.kind));
      w.u32(in.rule_slot);
      w.u32(in.derive_slot);
      w.value(in.constant);
    }
  }
  return w.out;
}

std::optional<Pack> deserialize_pack(std::string_view data, std::string* error) {
  try {
    if (data.size() < 8 || data.substr(0, 4) != "RJIR") throw Corrupt("not rulejit IR (bad magic)");
    Reader r(data.substr(4));
    uint32_t version = r.u32();
    if (version != kIrFormatVersion)
      throw Corrupt("IR format version " + std::to_string(version) + ", this rulejit reads version " +
                    std::to_string(kIrFormatVersion));
    Pack pack;
    uint32_t n = r.count(12);
    for (uint32_t i = 0; i < n; ++i) {
      PackRule pr;
      pr.name = r.str();
      pr.id = r.str();
      pr.file = r.str();
      pr.hidden = r.flag();
      pr.plan = std::make_shared<const Plan>(r.plan());
      pack.rules.push_back(std::move(pr));
    }
    for (const auto& pr : pack.rules)
      for (const auto& st : pr.plan->stages)
        if (const auto* sp = std::get_if<SubplanStage>(&st))
          if (sp->sub_rule != UINT32_MAX) {
            if (sp->sub_rule >= pack.rules.size()) throw Corrupt("subsearch refers to a missing rule");
            // The hidden rule's rows are read with the subsearch plan's slots.
            if (pack.rules[sp->sub_rule].plan->slots != sp->sub->slots)
              throw Corrupt("subsearch plan differs from the rule that runs it");
          }
    n = r.count(16);
    for (uint32_t i = 0; i < n; ++i) {
      FieldMapProgram f;
      f.name = r.str();
      f.file = r.str();
      f.sourcetype = r.str();
      f.match_key = r.str();
      f.derive = r.plan();
      f.raw_slots = r.slots();
      uint32_t m = r.count(8);
      for (uint32_t j = 0; j < m; ++j) {
        std::string k = r.str();
        f.derived[k] = r.u32();
      }
      m = r.count(5);
      for (uint32_t j = 0; j < m; ++j) {
        std::string k = r.str();
        f.constants[k] = r.value();
      }
      m = r.count(8);
      for (uint32_t j = 0; j < m; ++j) {
        std::string ds = r.str();
        uint32_t q = r.count(8);
        for (uint32_t x = 0; x < q; ++x) {
          std::string k = r.str();
          f.datamodels[ds][k] = r.u32();
        }
      }
      for (SlotId s : f.raw_slots)
        if (s >= f.derive.slots.size()) throw Corrupt("field map raw slot out of range");
      for (const auto& [k, v] : f.derived)
        if (v >= f.derive.slots.size()) throw Corrupt("field map derived slot out of range");
      for (const auto& [ds, fields] : f.datamodels)
        for (const auto& [k, v] : fields)
          if (v >= f.derive.slots.size()) throw Corrupt("data model slot out of range");
      pack.fieldmaps.push_back(std::move(f));
    }
    n = r.count(12);
    for (uint32_t i = 0; i < n; ++i) {
      RuleBinding b;
      b.rule = r.u32();
      b.fieldmap = r.u32();
      if (b.rule >= pack.rules.size() || b.fieldmap >= pack.fieldmaps.size())
        throw Corrupt("binding refers to a missing rule or field map");
      uint32_t m = r.count(10);
      for (uint32_t j = 0; j < m; ++j) {
        InputBinding in;
        in.kind = r.enum_value<InputBinding::Kind>(static_cast<uint8_t>(InputBinding::Kind::Null));
        in.rule_slot = r.u32();
        in.derive_slot = r.u32();
        in.constant = r.value();
        if (in.rule_slot >= pack.rules[b.rule].plan->slots.size()) throw Corrupt("binding slot out of range");
        if (in.kind == InputBinding::Kind::Derive && in.derive_slot >= pack.fieldmaps[b.fieldmap].derive.slots.size())
          throw Corrupt("binding field map slot out of range");
        b.inputs.push_back(std::move(in));
      }
      pack.bindings.push_back(std::move(b));
    }
    if (!r.done()) throw Corrupt("trailing data after the IR");
    return pack;
  } catch (const Corrupt& e) {
    if (error) *error = std::string("corrupt pack IR: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace rulejit::ir
