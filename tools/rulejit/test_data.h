// Where a test's attack data is on this machine.
//
// security_content names each data file by URL, e.g.
//   https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1059/x/sysmon.log
// rulejit never downloads: `--data DIR` points at local copies. A reference
// is reduced to a relative path: a URL's path after the host
// (media/splunk/attack_data/master/datasets/.../sysmon.log); a relative path
// as written. Then, longest first, that path and each shorter suffix of it
// (datasets/.../sysmon.log, ..., finally the basename sysmon.log) is looked
// up under each root in turn: every --data DIR in the order given, then the
// detection's folder and that folder's parent. The first regular file found
// is used. So a mirror of the URL layout, a checkout of the attack_data
// repository (datasets/...) and a flat folder of files all work, and a
// bundled rule can name `samples/x.ndjson` beside its pack. An absolute path
// is used as it is.
#pragma once

#include <string>
#include <vector>

namespace rulejit::cli {

struct DataLookup {
  std::string path;                // the file found; empty when none
  std::string relative;            // the reference reduced to a relative path
  std::vector<std::string> roots;  // the folders searched, in order
  // "looked for <root>/<relative> (and shorter suffixes down to <basename>) under ..."
  std::string not_found_message(const std::string& reference) const;
};

DataLookup find_test_data(const std::string& reference, const std::string& detection_file,
                          const std::vector<std::string>& data_dirs);

}  // namespace rulejit::cli
