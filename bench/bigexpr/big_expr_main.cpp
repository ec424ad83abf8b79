// rulejit-bigexpr: writes one Tetragon process_exec detection with a long
// boolean expression (bench/bigexpr/big_expr.h), for compile-time
// measurements (bench/bigexpr/compile-time.sh).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "bench/bigexpr/big_expr.h"

namespace {

using rulejit::bigexpr::Shape;

// Fields of the Tetragon process_exec field map each shape tests by default:
// process_name is inlined by the JIT (basename of a raw field), `process`
// goes through the derived-field helper.
std::vector<std::string> default_fields(Shape s) {
  switch (s) {
    case Shape::Wildcard: return {"process"};
    case Shape::Mixed:
    case Shape::Where: return {"process_name", "parent_process_name", "process_path", "pod_name"};
    case Shape::Nested: return {"process_name", "parent_process_name"};
    case Shape::Distinct:
    case Shape::DistinctNot: return {"label"};
    case Shape::WhereLike: return {"process"};
    default: return {"process_name"};
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Write a detection with a long boolean expression (compile-time tests)"};
  std::string shape_name = "eq", out, fields_text;
  int terms = 1000;
  std::string shape_list;
  for (const auto& s : rulejit::bigexpr::shapes()) shape_list += std::string(shape_list.empty() ? "" : ", ") + s.name;
  app.add_option("--shape", shape_name, "one of: " + shape_list)->capture_default_str();
  app.add_option("--terms", terms, "number of terms (values)")->capture_default_str()->check(CLI::Range(1, 10000000));
  app.add_option("--fields", fields_text, "comma-separated field names (default: per shape)");
  app.add_option("-o,--output", out, "detection file to write (default: stdout)");
  CLI11_PARSE(app, argc, argv);
  const auto* info = rulejit::bigexpr::find_shape(shape_name);
  if (!info) {
    std::fprintf(stderr, "rulejit-bigexpr: unknown shape '%s' (%s)\n", shape_name.c_str(), shape_list.c_str());
    return 2;
  }
  std::vector<std::string> fields = default_fields(info->shape);
  if (!fields_text.empty()) {
    fields.clear();
    std::stringstream ss(fields_text);
    for (std::string f; std::getline(ss, f, ',');)
      if (!f.empty()) fields.push_back(f);
  }
  const std::string name = std::string("bigexpr_") + info->name + "_" + std::to_string(terms);
  const std::string search = rulejit::bigexpr::big_search(info->shape, terms, fields, "`cisco_isovalent_process_exec`",
                                                          "| stats count by process_name");
  const std::string yaml = rulejit::bigexpr::detection_yaml(name, search);
  if (out.empty()) {
    std::fwrite(yaml.data(), 1, yaml.size(), stdout);
    return 0;
  }
  std::ofstream f(out);
  f << yaml;
  if (!f) {
    std::fprintf(stderr, "rulejit-bigexpr: cannot write %s\n", out.c_str());
    return 1;
  }
  return 0;
}
