// Independent checker for generated Tetragon NDJSON: parses every line with
// simdjson and verifies the protojson rules, identifier consistency and the
// behavior signatures / detection inputs (curl regex via real PCRE2), without
// using the generator's own matching code.
#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <simdjson.h>

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bench/generator/truth.h"

namespace rulejit::bench::testing {

class StreamChecker {
 public:
  StreamChecker();
  ~StreamChecker();
  StreamChecker(const StreamChecker&) = delete;
  StreamChecker& operator=(const StreamChecker&) = delete;

  void check_line(std::string_view line);

  std::vector<std::string> errors;  // first problems found (capped)
  uint64_t lines = 0;
  std::array<uint64_t, kBehaviorCount> signatures{};  // events matching each behavior's signature
  std::array<uint64_t, kEventTypeCount> types{};
  std::map<std::string, uint64_t> top_level_keys;
  uint64_t shell_detection_events = 0, curl_detection_events = 0, cron_detection_events = 0,
           nsenter_detection_events = 0, offsec_detection_events = 0;
  std::vector<size_t> exec_sizes;
  std::set<size_t> fraction_digits;  // seen in "time"/"start_time"
  bool saw_cluster_name = false, saw_ancestors = false, saw_node_labels = false, saw_in_init_tree = false,
       saw_refcnt_in_exec = false, saw_comma_space = false;

 private:
  void fail(std::string msg);
  bool regex_matches(std::string_view s);
  void walk(simdjson::dom::element e, std::string_view key, int depth, bool in_map);
  void check_process(simdjson::dom::object p, std::string_view node, bool& has_tid, bool& has_iit, int idx);
  void signatures_of(std::string_view type, simdjson::dom::object ev);

  simdjson::dom::parser parser_;
  pcre2_code* re_ = nullptr;
  pcre2_match_data* md_ = nullptr;
  std::map<std::string, std::string> container_owner_;  // container id -> pod@node
  std::map<std::string, uint64_t> last_ktime_;           // per node, exec events with clone
  std::string line_copy_;
};

// Parses "YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z"; false if malformed
// or if the fraction is not protojson-trimmed.
bool parse_rfc3339(std::string_view s, uint64_t& ns, size_t& digits);

}  // namespace rulejit::bench::testing
