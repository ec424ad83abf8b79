// Field maps: data-source descriptions (rules/fieldmaps/*.yml) compiled into
// ir::FieldMapProgram. A field map says which events belong to a sourcetype
// (by their top-level JSON key), which constant fields they carry, how
// Splunk's derived field names are computed (eval expressions over the
// flattened JSON names), and how CIM data model fields map onto them.
//
// File format (see rules/fieldmaps/README.md):
//   sourcetype: cisco:isovalent:processExec     # required: makes it a field map
//   match_key: process_exec                     # required
//   description: ...
//   include: [{file: fragment.yml, vars: {root: process_exec}}]
//   constants: {source: tetragon}
//   fields: {name: <eval expression>, ...}      # override included fields
//   datamodels:
//     Endpoint.Processes:
//       unknown_if_empty: [dest, user]
//       fields: {dest: <eval expression>, ...}
// A file without `sourcetype` is a fragment, used only through `include`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/pack.h"
#include "compiler/support/diagnostic.h"

namespace rulejit {

// Loads every field map in `dir` (fragments are skipped). Problems are
// diagnostics; a field map with errors is left out.
std::vector<ir::FieldMapProgram> load_fieldmaps(const std::string& dir, std::vector<Diagnostic>& diags);

// Loads one field map file (fragments referenced by `include` are looked up
// next to it).
std::optional<ir::FieldMapProgram> load_fieldmap_file(const std::string& path, std::vector<Diagnostic>& diags);

}  // namespace rulejit
