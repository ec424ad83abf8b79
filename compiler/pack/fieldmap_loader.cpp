#include "compiler/pack/fieldmap_loader.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "compiler/frontend/source_file.h"
#include "compiler/ir/analysis.h"
#include "compiler/frontend/yaml_fields.h"
#include "compiler/lower/lowerer.h"
#include "compiler/spl/parser.h"

namespace rulejit {
namespace fs = std::filesystem;

namespace {

// One field definition as written: its expression text and where it is.
struct FieldText {
  std::string name;
  std::string expr;
  SourceFilePtr file;
  size_t offset = 0;
};

struct Spec {
  SourceFilePtr main_file;  // the field map itself (not a fragment)
  std::string sourcetype, match_key;
  std::map<std::string, std::string> constants;
  std::vector<FieldText> fields;  // later definitions override earlier ones
  std::vector<std::string> raw_fields;  // from the file and its includes
  struct Dataset {
    std::vector<FieldText> fields;
    std::vector<std::string> unknown_if_empty;
  };
  std::map<std::string, Dataset> datamodels;
};

std::string substitute_vars(std::string text, const std::map<std::string, std::string>& vars) {
  for (const auto& [k, v] : vars) {
    std::string pat = "$" + k + "$";
    for (size_t pos = text.find(pat); pos != std::string::npos; pos = text.find(pat, pos + v.size()))
      text.replace(pos, pat.size(), v);
  }
  return text;
}

bool read_fields(YamlFields& y, const YAML::Node& node, const SourceFilePtr& file,
                 const std::map<std::string, std::string>& vars, std::vector<FieldText>& out, std::string_view ctx) {
  if (!y.expect_mapping(node, ctx)) return false;
  for (auto& e : y.entries(node, ctx)) {
    auto text = y.string(e.value, e.key, Severity::Error);
    if (!text) return false;
    out.push_back({e.key, substitute_vars(*text, vars), file, y.offset_of(e.value)});
  }
  return true;
}

bool load_spec(const std::string& path, const std::map<std::string, std::string>& vars, Spec& spec,
               std::vector<Diagnostic>& diags, int depth, bool require_sourcetype) {
  std::string err;
  auto text = read_text_file(path, err);
  if (!text) {
    Diagnostic d;
    d.stage = Stage::Yaml;
    d.file = path;
    d.message = err;
    diags.push_back(d);
    return false;
  }
  auto file = std::make_shared<const SourceFile>(path, std::move(*text));
  if (depth == 0) spec.main_file = file;
  size_t before = diags.size();
  YamlFields y(*file, diags);
  auto root = y.load_mapping("field map");
  if (!root) return false;
  for (auto& e : y.entries(*root, "field map")) {
    if (e.key == "sourcetype") {
      if (auto s = y.string(e.value, e.key, Severity::Error)) spec.sourcetype = *s;
    } else if (e.key == "match_key") {
      if (auto s = y.string(e.value, e.key, Severity::Error)) spec.match_key = *s;
    } else if (e.key == "description") {
      // documentation only
    } else if (e.key == "constants") {
      if (!y.expect_mapping(e.value, e.key)) continue;
      for (auto& c : y.entries(e.value, "constants"))
        if (auto s = y.string(c.value, c.key, Severity::Error)) spec.constants[c.key] = *s;
    } else if (e.key == "include") {
      if (!y.expect_sequence(e.value, e.key)) continue;
      if (depth > 8) {
        y.report(e.value, Severity::Error, "field map includes nest too deeply");
        continue;
      }
      for (const auto& inc : e.value) {
        std::string inc_file;
        std::map<std::string, std::string> inc_vars;
        if (inc.IsScalar()) {
          inc_file = inc.as<std::string>();
        } else if (inc.IsMap()) {
          for (auto& f : y.entries(inc, "include")) {
            if (f.key == "file") {
              if (auto s = y.string(f.value, f.key, Severity::Error)) inc_file = *s;
            } else if (f.key == "vars" && y.expect_mapping(f.value, f.key)) {
              for (auto& v : y.entries(f.value, "vars"))
                if (auto s = y.string(v.value, v.key, Severity::Error)) inc_vars[v.key] = *s;
            } else {
              y.report(f.key_node, Severity::Warning, "unknown include key '" + f.key + "'");
            }
          }
        }
        if (inc_file.empty()) {
          y.report(inc, Severity::Error, "include needs a file");
          continue;
        }
        std::string inc_path = (fs::path(path).parent_path() / inc_file).string();
        load_spec(inc_path, inc_vars, spec, diags, depth + 1, false);
      }
    } else if (e.key == "raw_fields") {
      for (const auto& f : y.string_list(e.value, e.key)) spec.raw_fields.push_back(substitute_vars(f, vars));
    } else if (e.key == "fields") {
      read_fields(y, e.value, file, vars, spec.fields, "fields");
    } else if (e.key == "datamodels") {
      if (!y.expect_mapping(e.value, e.key)) continue;
      for (auto& dm : y.entries(e.value, "datamodels")) {
        auto& ds = spec.datamodels[dm.key];
        if (!y.expect_mapping(dm.value, dm.key)) continue;
        for (auto& f : y.entries(dm.value, dm.key)) {
          if (f.key == "fields") read_fields(y, f.value, file, vars, ds.fields, "fields");
          else if (f.key == "unknown_if_empty") ds.unknown_if_empty = y.string_list(f.value, f.key);
          else y.report(f.key_node, Severity::Warning, "unknown data model key '" + f.key + "'");
        }
      }
    } else {
      y.report(e.key_node, Severity::Warning, "unknown field map key '" + e.key + "'");
    }
  }
  if (require_sourcetype && spec.match_key.empty() && !spec.sourcetype.empty())
    y.report(*root, Severity::Error, "field map needs `match_key` (the top-level JSON key of its events)");
  return !has_errors(std::vector<Diagnostic>(diags.begin() + static_cast<long>(before), diags.end()));
}

// Lowers one expression into the derive plan under construction.
ir::ExprPtr lower_field_expr(lower::Lowerer& l, const FieldText& f, std::vector<Diagnostic>& diags) {
  auto parsed = spl::parse_eval_expression(f.expr);
  auto report = [&](uint32_t offset, const std::string& msg, bool warning = false) {
    Diagnostic d = f.file->diagnostic_at(f.offset, Stage::Parse, warning ? Severity::Warning : Severity::Error,
                                         "field `" + f.name + "`: " + msg);
    (void)offset;
    diags.push_back(std::move(d));
  };
  if (!parsed.expr || !parsed.errors.empty()) {
    report(parsed.errors.empty() ? 0 : parsed.errors[0].span.begin,
           parsed.errors.empty() ? "empty expression" : parsed.errors[0].message);
    return nullptr;
  }
  size_t issues_before = l.issues().size();
  auto e = l.lower_eval(*parsed.expr);
  bool bad = false;
  for (size_t i = issues_before; i < l.issues().size(); ++i) {
    const auto& is = l.issues()[i];
    if (is.warning) continue;  // dotted-name warnings are expected here
    report(is.span.begin, is.message);
    bad = true;
  }
  return bad ? nullptr : std::move(e);
}

}  // namespace

std::optional<ir::FieldMapProgram> load_fieldmap_file(const std::string& path, std::vector<Diagnostic>& diags) {
  Spec spec;
  if (!load_spec(path, {}, spec, diags, 0, true)) return std::nullopt;
  if (spec.sourcetype.empty()) return std::nullopt;  // a fragment

  ir::FieldMapProgram prog;
  prog.name = fs::path(path).stem().string();
  prog.file = path;
  prog.sourcetype = spec.sourcetype;
  prog.match_key = spec.match_key;
  prog.constants["sourcetype"] = rt::Value::string(spec.sourcetype);
  for (const auto& [k, v] : spec.constants) prog.constants[k] = rt::Value::string(v);
  prog.raw_fields = spec.raw_fields;

  // Definitions: the last one of a name wins (a field map overrides its includes).
  std::map<std::string, const FieldText*> defs;
  std::vector<std::string> order;
  for (const auto& f : spec.fields) {
    if (!defs.count(f.name)) order.push_back(f.name);
    defs[f.name] = &f;
  }
  // Data model fields are derived fields named "<Root>.<field>".
  std::vector<FieldText> dm_fields;
  std::map<std::string, std::map<std::string, std::string>> dm_names;  // dataset -> field -> derived name
  for (const auto& [dataset, ds] : spec.datamodels) {
    std::string root = dataset.substr(dataset.rfind('.') + 1);
    std::set<std::string> names;
    for (const auto& f : ds.fields) names.insert(f.name);
    for (const auto& u : ds.unknown_if_empty) names.insert(u);
    for (const auto& name : names) {
      const FieldText* src = nullptr;
      for (const auto& f : ds.fields)
        if (f.name == name) src = &f;
      std::string inner = src ? "(" + src->expr + ")" : "'" + name + "'";
      bool unknown = std::find(ds.unknown_if_empty.begin(), ds.unknown_if_empty.end(), name) !=
                     ds.unknown_if_empty.end();
      // CIM calculated fields: "unknown" when null or empty (spl-semantics.md §4.2).
      std::string expr = unknown ? "if(isnull(" + inner + ") OR " + inner + "=\"\", \"unknown\", " + inner + ")"
                                 : inner;
      FieldText ft{root + "." + name, expr, src ? src->file : spec.main_file, src ? src->offset : 0};
      dm_fields.push_back(ft);
      dm_names[dataset][root + "." + name] = root + "." + name;
    }
  }

  lower::LowerEnv env;
  env.dotted_names_are_fields = true;
  lower::Lowerer l(env);
  bool ok = true;
  // Lower every expression once to learn its dependencies.
  std::map<std::string, ir::ExprPtr> lowered;
  auto lower_one = [&](const FieldText& f) {
    auto e = lower_field_expr(l, f, diags);
    if (!e) ok = false;
    else lowered[f.name] = std::move(e);
  };
  for (const auto& name : order) lower_one(*defs[name]);
  for (const auto& f : dm_fields) lower_one(f);
  if (!ok) return std::nullopt;

  // Order assignments so each reads only fields already computed; a cycle is an error.
  std::vector<std::string> sorted;
  std::map<std::string, int> state;  // 0 new, 1 visiting, 2 done
  std::function<bool(const std::string&)> visit = [&](const std::string& name) -> bool {
    auto it = lowered.find(name);
    if (it == lowered.end()) return true;  // a raw JSON name
    if (state[name] == 2) return true;
    if (state[name] == 1) {
      Diagnostic d;
      d.stage = Stage::Lower;
      d.file = path;
      d.message = "field map field `" + name + "` depends on itself";
      diags.push_back(d);
      return false;
    }
    state[name] = 1;
    bool good = true;
    ir::for_each_slot_read(*it->second, [&](ir::SlotId s) {
      const std::string& dep = l.plan().slots[s];
      if (dep != name) good = good && visit(dep);
    });
    state[name] = 2;
    sorted.push_back(name);
    return good;
  };
  for (const auto& [name, e] : lowered)
    if (!visit(name)) return std::nullopt;

  ir::EvalStage ev;
  for (const auto& name : sorted) ev.assigns.push_back({l.slot(name), std::move(lowered[name])});
  l.add_stage(std::move(ev), true);
  prog.derive = l.finish();
  for (const auto& is : l.issues())
    if (!is.warning) {
      Diagnostic d;
      d.stage = Stage::Lower;
      d.file = path;
      d.message = is.message;
      diags.push_back(d);
      return std::nullopt;
    }
  std::set<std::string> assigned(sorted.begin(), sorted.end());
  for (size_t s = 0; s < prog.derive.slots.size(); ++s) {
    const auto& name = prog.derive.slots[s];
    if (assigned.count(name)) prog.derived[name] = static_cast<ir::SlotId>(s);
    else prog.raw_slots.push_back(static_cast<ir::SlotId>(s));
  }
  for (const auto& [dataset, fields] : dm_names)
    for (const auto& [field, derived] : fields) prog.datamodels[dataset][field] = prog.derived.at(derived);
  return prog;
}

std::vector<ir::FieldMapProgram> load_fieldmaps(const std::string& dir, std::vector<Diagnostic>& diags) {
  std::vector<ir::FieldMapProgram> out;
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yml" || ext == ".yaml")) files.push_back(entry.path().string());
  }
  if (ec) {
    Diagnostic d;
    d.stage = Stage::Yaml;
    d.file = dir;
    d.message = "cannot read field map folder: " + ec.message();
    diags.push_back(d);
    return out;
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    if (auto prog = load_fieldmap_file(f, diags)) out.push_back(std::move(*prog));
  return out;
}

}  // namespace rulejit
