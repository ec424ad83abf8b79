// libFuzzer target: detection YAML loading, scalar position mapping, comment
// stripping and macro expansion must never crash, hang or hit UB, whatever
// the input. The input is used twice: as a detection YAML file, and as raw
// search text. Every diagnostic and every expanded byte is located, which
// exercises the source map.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/frontend/detection.h"
#include "compiler/frontend/expand.h"
#include "compiler/frontend/macros.h"

namespace {

const rulejit::MacroTable& fuzz_macros() {
  static const rulejit::MacroTable table = [] {
    rulejit::MacroTable t;
    std::vector<rulejit::Diagnostic> diags;
    const char* files[] = {
        "name: sysmon\ndefinition: sourcetype=sysmon OR source=x\n",
        "name: ctime\narguments: [field]\ndefinition: 'convert ctime($field$) ```c```'\n",
        "name: two\narguments: [a, b]\ndefinition: \"$a$=\\\"$b$\\\" `sysmon`\"\n",
        "name: nest\ndefinition: '`ctime(x)` | `two(p, \"q\")`'\n",
        "name: loop\ndefinition: '`loop`'\n",
        "name: fan\ndefinition: '`nest``nest``nest``nest`'\n",
        "name: byname\narguments: [m]\ndefinition: '`$m$`'\n",
    };
    for (const char* f : files) t.load_text(f, "fuzz_macro.yml", diags);
    return t;
  }();
  return table;
}

void touch_expansion(const rulejit::Expansion& e) {
  if (!e.result) return;
  const rulejit::ExpandedSearch& x = *e.result;
  auto n = static_cast<uint32_t>(x.text.size());
  uint32_t step = n / 16 + 1;
  for (uint32_t i = 0; i <= n; i += step) {
    rulejit::Diagnostic d = x.map.locate(i);
    (void)x.map.describe(i);
    (void)rulejit::format_diagnostic(d);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;  // keep iterations fast; size limits are tested elsewhere
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const rulejit::MacroTable& macros = fuzz_macros();

  rulejit::DetectionLoad load = rulejit::parse_detection(text, "fuzz.yml");
  for (const auto& d : load.diagnostics) (void)rulejit::format_diagnostic(d);
  if (load.detection) {
    const rulejit::Detection& det = *load.detection;
    for (uint32_t i = 0; i <= det.search.size(); ++i) {
      uint32_t off = det.search_origin.at(i);
      if (off > det.source->text().size()) __builtin_trap();  // positions stay inside the file
    }
    touch_expansion(rulejit::expand_search(det, macros));
  }
  touch_expansion(rulejit::expand_search(text, macros, "fuzz.spl"));
  return 0;
}
