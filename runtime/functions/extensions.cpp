// rulejit extensions: functions Splunk does not have, used by field maps to
// describe how a data source's fields derive (rules/fieldmaps/*.yml). They
// are ordinary registry entries, so rules may call them too, but a rule that
// does will not run in Splunk.
//   basename(path)  text after the last '/' ("/usr/bin/curl" -> "curl");
//                   the whole text when there is no '/'; each value of a multivalue.
#include "runtime/functions/args.h"
#include "runtime/functions/path_text.h"
#include "runtime/functions/families.h"

namespace rulejit::rt {
namespace {

Value fn_basename(std::span<const Value> a, FunctionContext&) {
  const Value& v = a[0];
  if (v.is_null()) return Value();
  if (v.is_multi()) {
    std::vector<std::string> out;
    for (const auto& t : v.as_multi()) out.emplace_back(path_basename(t));
    return Value::make_multi(std::move(out));
  }
  args::Text t(v, "basename");
  return Value::string(path_basename(t.view()));
}

const FunctionInfo kExtensions[] = {
    {"basename", 1, 1, fn_basename, true},
};

}  // namespace

std::span<const FunctionInfo> families::extension_functions() { return kExtensions; }

}  // namespace rulejit::rt
