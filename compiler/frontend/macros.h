// Search macros: loading security_content macros/*.yml and looking them up.
//
// Contract: a macro is identified by (name, arity); overloads by arity are
// distinct macros (Splunk stanzas `name` and `name(N)`). The `name:` key in
// the file is authoritative, not the file name; a `name` written as
// `foo(2)` is accepted when the `(2)` agrees with `arguments`. Loading never
// throws: malformed files give Stage::Yaml diagnostics and are skipped; a
// second definition of the same (name, arity) is a warning and the first one
// (in sorted file order) is kept.
//
// Built-ins (shipped by Splunk apps, not by security_content), used only when
// no loaded macro has that (name, arity):
//   `<anything>_filter`   (0 args) -> `search *`   (contentctl's default filter)
//   `drop_dm_object_name(object)` -> `rename "$object$.*" as *`   (CIM)
//   `add_dm_object_name(object)`  -> `rename * as "$object$.*"`   (CIM)
//   `cim_<anything>_indexes` (0 args) -> `*`
//   `get_asset(field)`             -> `search *`
// The CIM `cim_*_indexes` macros restrict data model searches to indexes and
// are used as `(`cim_X_indexes`) tag=...`. The corpus never calls them. `()`
// (the CIM default) is an empty group our parser need not accept and an empty
// string would leave `()` too, so the built-in is `*`: a bare wildcard term,
// which in `search` matches every event, i.e. "no index restriction".
// `get_asset` is Enterprise Security's asset enrichment (lookups into the ES
// asset tables, adding `<field>_*` fields with OUTPUTNEW). rulejit has no ES
// asset tables, and a lookup that matches nothing adds nothing, so the
// faithful equivalent is a pass-through.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/frontend/scalar_positions.h"
#include "compiler/frontend/source_file.h"
#include "compiler/support/diagnostic.h"

namespace rulejit {

struct Macro {
  std::string name;
  std::vector<std::string> args;  // argument names, in order; arity = args.size()
  std::string definition;
  std::string description;
  std::string file;               // path of the macro file; empty for built-ins
  SourceFilePtr source;           // null for built-ins
  OffsetMap definition_origin;    // definition byte -> offset in `source`
  bool definition_origin_exact = false;  // false: all bytes map to the scalar start
  bool builtin = false;
};

using MacroPtr = std::shared_ptr<const Macro>;

class MacroTable {
 public:
  explicit MacroTable(bool builtins = true) : builtins_(builtins) {}

  // Loads every *.yml / *.yaml file directly in `dir`, in sorted order.
  // Returns how many macros were added.
  size_t load_directory(const std::string& dir, std::vector<Diagnostic>& diags);
  // Loads one macro file / one macro file's text. Returns true if a macro was added.
  bool load_file(const std::string& path, std::vector<Diagnostic>& diags);
  bool load_text(std::string_view yaml_text, const std::string& file_name,
                 std::vector<Diagnostic>& diags);

  // Adds a macro; returns false (and changes nothing) if (name, arity) exists.
  bool add(Macro m);

  // The macro called `name` with `arity` arguments, or a built-in, or null.
  MacroPtr find(std::string_view name, size_t arity) const;
  // Arities `name` is defined with (loaded or built-in), ascending.
  std::vector<size_t> arities(std::string_view name) const;

  size_t size() const { return count_; }  // loaded macros (not built-ins)

 private:
  MacroPtr builtin(std::string_view name, size_t arity) const;

  bool builtins_;
  size_t count_ = 0;
  std::map<std::string, std::map<size_t, MacroPtr>, std::less<>> macros_;
};

}  // namespace rulejit
