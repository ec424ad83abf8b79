// Every security_content detection (when the corpus is present) loads,
// expands and parses. Failures are reported with their position in the
// detection file; the few detections whose SPL is genuinely invalid are
// listed below with the reason, and must keep failing (so the list stays
// honest).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "compiler/frontend/detection.h"
#include "compiler/frontend/expand.h"
#include "compiler/frontend/macros.h"
#include "compiler/spl/ast_printer.h"
#include "compiler/spl/parser.h"

namespace rulejit::spl {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(RULEJIT_SHARED_DIR) + "/corpus/security_content";

// file stem -> why its SPL does not parse (in Splunk either).
const std::map<std::string, std::string> kInvalid = {};

std::vector<std::string> detection_files() {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(kCorpus + "/detections", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".yml") out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Corpus, EveryDetectionParses) {
  if (!fs::is_directory(kCorpus + "/detections")) GTEST_SKIP() << "no corpus at " << kCorpus;
  MacroTable macros;
  std::vector<Diagnostic> macro_diags;
  macros.load_directory(kCorpus + "/macros", macro_diags);

  size_t expanded = 0, parsed = 0, invalid_as_listed = 0;
  std::vector<std::string> files = detection_files();
  for (const auto& f : files) {
    DetectionLoad l = load_detection_file(f);
    if (!l.detection) {
      ADD_FAILURE() << f << ": does not load";
      continue;
    }
    Expansion e = expand_search(*l.detection, macros);
    if (!e.result) {
      ADD_FAILURE() << f << ": does not expand";
      continue;
    }
    ++expanded;
    ParseOutput out = parse_spl(e.result->text);
    ASSERT_NE(out.pipeline, nullptr);
    // Printing must work on every tree (and is what `explain --ast` shows).
    EXPECT_FALSE(print_ast(*out.pipeline).empty());
    std::string stem = fs::path(f).stem().string();
    auto listed = kInvalid.find(stem);
    if (out.errors.empty()) {
      ++parsed;
      EXPECT_EQ(listed, kInvalid.end()) << stem << " is listed as invalid but parses";
      continue;
    }
    if (listed != kInvalid.end()) {
      ++invalid_as_listed;
      continue;
    }
    for (const auto& err : out.errors) {
      Diagnostic d = e.result->map.locate(err.span.begin, Stage::Parse, err.message);
      ADD_FAILURE() << format_diagnostic(d);
    }
  }
  EXPECT_EQ(files.size(), 481u);
  EXPECT_EQ(parsed + invalid_as_listed, expanded);
  std::cout << "[ corpus   ] " << parsed << " of " << files.size() << " detections parse; "
            << invalid_as_listed << " listed as invalid SPL\n";
}

}  // namespace
}  // namespace rulejit::spl
