// Content trees: the YAML files of a rule folder, each classified as what it
// is, so `rulejit check` checks a macro as a macro instead of reporting it as
// a detection without `search`.
//
// Layouts recognized: security_content (detections/, macros/, lookups/,
// data_sources/) and rulejit's rules/ (<pack>/, macros/, lookups/,
// fieldmaps/).
//
// Contract:
//  - A file's kind comes from the nearest enclosing folder with a known name
//    (detections, macros, lookups, data_sources, fieldmaps). Otherwise its
//    top-level keys decide: `search` -> detection, `definition` -> macro,
//    `filename` / `collection` -> lookup definition, `sourcetype` +
//    `match_key` -> field map, `sourcetype` + `supported_TA` or `fields` ->
//    data source. Anything else (unreadable YAML included) is a detection, so
//    the detection loader reports what is wrong with it, as before.
//  - check_content_file() checks a non-detection file with its own loader;
//    every problem is a diagnostic with file:line:col. Nothing throws.
#pragma once

#include <string>
#include <vector>

#include "compiler/support/diagnostic.h"

namespace rulejit {

enum class ContentKind { Detection, Macro, Lookup, FieldMap, DataSource };
// "detection", "macro", "lookup definition", "field map", "data source".
const char* content_kind_name(ContentKind k);

struct ContentFile {
  std::string path;
  ContentKind kind = ContentKind::Detection;
};

struct ContentTree {
  std::vector<ContentFile> files;  // sorted by path, de-duplicated
  // Folders holding files of that kind, sorted: where build_pack should load
  // macros, lookups and field maps from for the tree's detections.
  std::vector<std::string> macro_dirs, lookup_dirs, fieldmap_dirs;
  std::vector<std::string> paths_of(ContentKind k) const;
};

// Every *.yml / *.yaml file under `paths` (files as given, folders searched
// recursively), classified. A missing path is a Yaml-stage error.
ContentTree scan_content_tree(const std::vector<std::string>& paths, std::vector<Diagnostic>& diags);

struct ContentReport {
  std::string file;
  ContentKind kind = ContentKind::Macro;
  std::string name;        // the `name:` (field maps: their sourcetype), when read
  bool ok = false;
  bool fragment = false;   // a field map fragment (no sourcetype; used through `include`)
  std::vector<Diagnostic> diagnostics;  // errors first, then warnings
  const Diagnostic* first_error() const;
};

// Checks one macro, lookup definition, field map or data source file.
ContentReport check_content_file(const ContentFile& f);

}  // namespace rulejit
