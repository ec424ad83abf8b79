// The table of SPL commands (see command_table.h). Adding a command: write
// compiler/commands/<name>.{h,cpp}, include the header here, add one row.
#include "compiler/spl/command_table.h"

#include <array>

#include "compiler/commands/addtotals.h"
#include "compiler/commands/append.h"
#include "compiler/commands/appendpipe.h"
#include "compiler/commands/bin.h"
#include "compiler/commands/convert.h"
#include "compiler/commands/cyberchef.h"
#include "compiler/commands/dedup.h"
#include "compiler/commands/eval.h"
#include "compiler/commands/eventstats.h"
#include "compiler/commands/fields.h"
#include "compiler/commands/fillnull.h"
#include "compiler/commands/extract.h"
#include "compiler/commands/foreach.h"
#include "compiler/commands/from.h"
#include "compiler/commands/fromjson.h"
#include "compiler/commands/generic.h"
#include "compiler/commands/head.h"
#include "compiler/commands/inputlookup.h"
#include "compiler/commands/iplocation.h"
#include "compiler/commands/join.h"
#include "compiler/commands/lookup.h"
#include "compiler/commands/makemv.h"
#include "compiler/commands/mstats.h"
#include "compiler/commands/mvexpand.h"
#include "compiler/commands/regex.h"
#include "compiler/commands/rename.h"
#include "compiler/commands/replace.h"
#include "compiler/commands/rex.h"
#include "compiler/commands/search.h"
#include "compiler/commands/sort.h"
#include "compiler/commands/spath.h"
#include "compiler/commands/stats.h"
#include "compiler/commands/streamstats.h"
#include "compiler/commands/table.h"
#include "compiler/commands/transaction.h"
#include "compiler/commands/tstats.h"
#include "compiler/commands/where.h"
#include "compiler/spl/scanner.h"

namespace rulejit::spl {
namespace {

// Commands with their own module.
constexpr CommandInfo kModelled[] = {
    {"addtotals", parse_addtotals_command},
    {"append", parse_append_command},
    {"appendpipe", parse_appendpipe_command},
    {"bin", parse_bin_command},
    {"convert", parse_convert_command},
    {"cyberchef", parse_cyberchef_command},
    {"dedup", parse_dedup_command},
    {"eval", parse_eval_command},
    {"eventstats", parse_eventstats_command},
    {"fields", parse_fields_command},
    {"fillnull", parse_fillnull_command},
    {"extract", parse_extract_command},
    {"foreach", parse_foreach_command},
    {"from", parse_from_command},
    {"fromjson", parse_fromjson_command},
    {"head", parse_head_command},
    {"inputlookup", parse_inputlookup_command},
    {"iplocation", parse_iplocation_command},
    {"join", parse_join_command},
    {"lookup", parse_lookup_command},
    {"makemv", parse_makemv_command},
    {"mstats", parse_mstats_command},
    {"mvexpand", parse_mvexpand_command},
    {"regex", parse_regex_command},
    {"rename", parse_rename_command},
    {"replace", parse_replace_command},
    {"rex", parse_rex_command},
    {"search", parse_search_command},
    {"sort", parse_sort_command},
    {"spath", parse_spath_command},
    {"stats", parse_stats_command},
    {"streamstats", parse_streamstats_command},
    {"table", parse_table_command},
    {"transaction", parse_transaction_command},
    {"tstats", parse_tstats_command},
    {"where", parse_where_command},
};

struct Alias {
  std::string_view alias;
  std::string_view name;
};

constexpr Alias kAliases[] = {
    {"bucket", "bin"},
    {"discretize", "bin"},
    {"kv", "extract"},
    {"af", "analyzefields"},
    {"counttable", "contingency"},
    {"ctable", "contingency"},
};

// Real Splunk commands (core, plus the apps detections use: MLTK fit/apply/
// summary/score/sample, SA-ldapsearch) parsed generically.
constexpr std::string_view kGeneric[] = {
    "abstract", "accum", "addcoltotals", "addinfo", "analyzefields",
    "anomalies", "anomalousvalue", "anomalydetection", "appendcols", "arules",
    "associate", "audit", "autoregress", "chart", "cluster", "cofilter", "collect",
    "concurrency", "contingency", "correlate", "datamodel",
    "datamodelsimple", "dbinspect", "delete", "delta", "diff", "erex", "eventcount",
    "fieldformat", "fieldsummary", "filldown", "findtypes", "fit", "apply",
    "folderize", "format", "gauge", "gentimes", "geom", "geomfilter",
    "geostats", "highlight", "history", "iconify", "inputcsv", "kmeans", "kvform",
    "ldapfilter", "ldapgroup", "ldapsearch", "loadjob", "localize", "localop",
    "makecontinuous", "makeresults", "map", "mcatalog", "mcollect", "metadata",
    "metasearch", "meventcollect", "mpreview", "msearch", "multikv", "multisearch",
    "mvcombine", "nomv", "outlier", "outputcsv", "outputlookup", "outputtext", "overlap",
    "pivot", "predict", "rangemap", "rare", "redistribute", "relevancy", "reltime",
    "require", "rest", "return", "reverse", "rtorder", "run", "sample",
    "savedsearch", "score", "script", "scrub", "searchtxn", "selfjoin", "sendalert",
    "sendemail", "set", "setfields", "sichart", "sirare", "sistats", "sitimechart",
    "sitop", "strcat", "summary", "tags", "tail", "timechart", "timewrap", "tojson",
    "top", "transpose", "trendline", "tscollect", "typeahead", "typelearner", "typer",
    "union", "uniq", "untable", "walklex", "x11", "xmlkv", "xmlunescape", "xpath",
    "xyseries",
};

std::string_view resolve_alias(std::string_view name) {
  for (const auto& a : kAliases) {
    if (iequals(a.alias, name)) return a.name;
  }
  return name;
}

}  // namespace

const CommandInfo* find_command(std::string_view name) {
  name = resolve_alias(name);
  for (const auto& c : kModelled) {
    if (iequals(c.name, name)) return &c;
  }
  // One CommandInfo per generic name, built once, so callers get a stable
  // pointer carrying the canonical name.
  static const auto generic = [] {
    std::array<CommandInfo, std::size(kGeneric)> out{};
    for (size_t i = 0; i < std::size(kGeneric); ++i) {
      out[i] = CommandInfo{kGeneric[i], parse_generic_command, true};
    }
    return out;
  }();
  for (const auto& c : generic) {
    if (iequals(c.name, name)) return &c;
  }
  return nullptr;
}

std::vector<std::string_view> known_command_names() {
  std::vector<std::string_view> out;
  for (const auto& c : kModelled) out.push_back(c.name);
  for (auto g : kGeneric) out.push_back(g);
  for (const auto& a : kAliases) out.push_back(a.alias);
  return out;
}

}  // namespace rulejit::spl
