#include "tests/unit/differential/random_spl.h"

namespace rulejit::difftest {
namespace {

const std::vector<std::string> kFields = {"x", "y", "name", "path", "ip", "k", "tags{}", "missing"};
const std::vector<std::string> kWords = {"sh", "bash", "Curl", "CMD.EXE", "cmd.exe", "a_c", "abc", "x%y",
                                         "héllo", "", "10", "2", "9.5", "-3", "1e3", "/bin/sh", "10.1.2.3"};

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string search_value(Random& r) {
  switch (r.below(8)) {
    case 0: return r.pick(kWords).empty() ? "\"\"" : quoted(r.pick(kWords));
    case 1: return "*sh";
    case 2: return "b*";
    case 3: return "*m*";
    case 4: return "10.0.0.0/8";
    case 5: return "\"*\"";
    default: return r.pick(kWords).empty() ? "x" : quoted(r.pick(kWords));
  }
}

std::string search_pred(Random& r, int depth) {
  if (depth > 2 || r.chance(45)) {
    const std::string& f = r.pick(kFields);
    switch (r.below(7)) {
      case 0: return f + "=" + search_value(r);
      case 1: return f + "!=" + search_value(r);
      case 2: return "NOT " + f + "=" + search_value(r);
      case 3: return f + " IN (" + search_value(r) + ", " + search_value(r) + " " + search_value(r) + ")";
      case 4: return f + ">" + (r.chance(50) ? "5" : "m");
      case 5: return f + "=*";
      default: return f + "<=" + (r.chance(50) ? "10" : "b");
    }
  }
  switch (r.below(3)) {
    case 0: return "(" + search_pred(r, depth + 1) + " OR " + search_pred(r, depth + 1) + ")";
    case 1: return "NOT (" + search_pred(r, depth + 1) + ")";
    default: return search_pred(r, depth + 1) + " " + search_pred(r, depth + 1);
  }
}

std::string eval_pred(Random& r, int depth);

std::string eval_expr(Random& r, int depth) {
  if (depth > 3 || r.chance(30)) {
    switch (r.below(4)) {
      case 0: return std::to_string(static_cast<int>(r.below(20)) - 5);
      case 1: return quoted(r.pick(kWords));
      default: {
        const std::string& f = r.pick(kFields);
        return f.find('{') != std::string::npos ? "'" + f + "'" : f;
      }
    }
  }
  auto e = [&] { return eval_expr(r, depth + 1); };
  switch (r.below(22)) {
    case 0: return e() + " + " + e();
    case 1: return e() + " - " + e();
    case 2: return e() + " * " + e();
    case 3: return e() + " / " + e();
    case 4: return e() + " . " + e();
    case 5: return "if(" + eval_pred(r, depth + 1) + ", " + e() + ", " + e() + ")";
    case 6: return "case(" + eval_pred(r, depth + 1) + ", " + e() + ", " + eval_pred(r, depth + 1) + ", " + e() + ")";
    case 7: return "coalesce(" + e() + ", " + e() + ")";
    case 8: return "lower(" + e() + ")";
    case 9: return "upper(" + e() + ")";
    case 10: return "len(" + e() + ")";
    case 11: return "substr(" + e() + ", " + std::to_string(r.below(4)) + ", 2)";
    case 12: return "replace(" + e() + ", \"[aeiou]\", \"_\")";
    case 13: return "mvjoin(split(" + e() + ", \"/\"), \"|\")";
    case 14: return "mvcount(" + e() + ")";
    case 15: return "mvindex(" + e() + ", " + std::to_string(static_cast<int>(r.below(4)) - 1) + ")";
    case 16: return "tonumber(" + e() + ")";
    case 17: return "round(" + e() + ", 1)";
    case 18: return "abs(" + e() + ")";
    case 19: return "mvdedup(mvappend(" + e() + ", " + e() + "))";
    case 20: return "mvfilter(match('tags{}', \"a\"))";
    default: return "trim(" + e() + ")";
  }
}

std::string eval_pred(Random& r, int depth) {
  auto e = [&] { return eval_expr(r, depth + 1); };
  if (depth > 3 || r.chance(40)) {
    switch (r.below(10)) {
      case 0: return e() + "=" + e();
      case 1: return e() + "!=" + e();
      case 2: return e() + "<" + e();
      case 3: return e() + ">=" + e();
      case 4: return "isnull(" + e() + ")";
      case 5: return "isnotnull(" + e() + ")";
      case 6: return "like(" + e() + ", \"%a_%\")";
      case 7: return "match(" + e() + ", \"^[a-z]+$\")";
      case 8: return "cidrmatch(\"10.0.0.0/8\", " + e() + ")";
      default: return "in(" + e() + ", \"sh\", \"10\", \"abc\")";
    }
  }
  switch (r.below(4)) {
    case 0: return "(" + eval_pred(r, depth + 1) + " AND " + eval_pred(r, depth + 1) + ")";
    case 1: return "(" + eval_pred(r, depth + 1) + " OR " + eval_pred(r, depth + 1) + ")";
    case 2: return "NOT " + eval_pred(r, depth + 1);
    default: return "(" + eval_pred(r, depth + 1) + " XOR " + eval_pred(r, depth + 1) + ")";
  }
}

}  // namespace

std::string random_search(Random& r) {
  std::string s = "sourcetype=_json " + search_pred(r, 0);
  if (r.chance(50)) s += " | search " + search_pred(r, 1);
  if (r.chance(30)) {  // a field regex ending the leading filters runs inline in the JIT
    static const std::vector<std::string> kPatterns = {"^[a-z]+$", "(?i)SH", "a", "\\\\d", "^$", "z{3}", "(?i)JSON", "."};
    static const std::vector<std::string> kRegexFields = {"x", "name", "tags{}", "missing", "sourcetype", "_raw"};
    const std::string& fld = r.pick(kRegexFields);
    s += " | regex " + (fld.find('{') != std::string::npos ? "\"" + fld + "\"" : fld) + (r.chance(20) ? "!=" : "=") +
         quoted(r.pick(kPatterns));
  }
  s += " | eval a=" + eval_expr(r, 0) + ", b=" + eval_expr(r, 0);
  if (r.chance(70)) s += " | where " + eval_pred(r, 0);
  if (r.chance(30)) {
    s += " | stats count values(a) as va max(b) as mb dc(name) as dn by k";
  } else {
    s += " | table id a b";
  }
  return s;
}

std::string random_event(Random& r, int id) {
  auto value = [&]() -> std::string {
    switch (r.below(6)) {
      case 0: return std::to_string(static_cast<int>(r.below(30)) - 5);
      case 1: return "\"" + std::to_string(r.below(20)) + "\"";
      case 2: return "\"" + std::string(r.below(3) == 0 ? 300 : 0, 'z') + r.pick(kWords) + "\"";
      default: return "\"" + r.pick(kWords) + "\"";
    }
  };
  std::string e = "{\"id\":\"" + std::to_string(id) + "\"";
  for (const char* f : {"x", "y", "name", "path", "ip", "k"})
    if (!r.chance(20)) e += std::string(",\"") + f + "\":" + value();
  if (r.chance(60)) {
    e += ",\"tags\":[";
    size_t n = r.below(4);
    for (size_t i = 0; i < n; ++i) e += (i ? "," : "") + value();
    e += "]";
  }
  if (r.chance(5)) e += ",\"x\":null";
  return e + "}";
}

}  // namespace rulejit::difftest
