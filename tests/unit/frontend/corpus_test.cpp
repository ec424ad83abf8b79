// The real security_content corpus (when present): every detection, macro and
// lookup definition loads, and every search expands without macro errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "compiler/frontend/detection.h"
#include "compiler/frontend/expand.h"
#include "compiler/frontend/lookups.h"
#include "compiler/frontend/macros.h"

namespace rulejit {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(RULEJIT_SHARED_DIR) + "/corpus/security_content";

std::vector<std::string> detection_files() {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(kCorpus + "/detections", ec), end; !ec && it != end;
       it.increment(ec))
    if (it->path().extension() == ".yml") out.push_back(it->path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Each decoded byte maps to a file byte that explains it (the same byte, a
// line break for folding, a backslash for an escape).
void expect_explained(const std::string& file, const std::string& decoded, const OffsetMap& map) {
  for (uint32_t i = 0; i < decoded.size(); ++i) {
    uint32_t off = map.at(i);
    ASSERT_LT(off, file.size());
    char c = decoded[i], f = file[off];
    bool ok = f == c || ((c == ' ' || c == '\n') && (f == '\n' || f == '\r')) || f == '\\';
    ASSERT_TRUE(ok) << "byte " << i << " of " << decoded.substr(0, 40);
  }
}

void print_errors(const std::vector<Diagnostic>& diags) {
  for (const auto& d : diags)
    if (d.severity == Severity::Error) ADD_FAILURE() << format_diagnostic(d);
}

TEST(Corpus, MacrosLoad) {
  if (!fs::is_directory(kCorpus + "/macros")) GTEST_SKIP() << "no corpus at " << kCorpus;
  MacroTable t;
  std::vector<Diagnostic> diags;
  size_t n = t.load_directory(kCorpus + "/macros", diags);
  EXPECT_TRUE(diags.empty());
  print_errors(diags);
  EXPECT_EQ(n, 189u);
  EXPECT_TRUE(t.find("security_content_ctime", 1));
  // Every definition maps exactly into its file.
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kCorpus + "/macros")) {
    std::vector<Diagnostic> d2;
    MacroTable one;
    ASSERT_TRUE(one.load_file(entry.path().string(), d2));
    for (size_t arity : {0, 1, 2, 3}) {
      std::string name = entry.path().stem().string();
      if (MacroPtr m = one.find(name, arity); m && !m->builtin) {
        ++checked;
        EXPECT_TRUE(m->definition_origin_exact) << entry.path();
        expect_explained(m->source->text(), m->definition, m->definition_origin);
      }
    }
  }
  EXPECT_EQ(checked, 189u);
  EXPECT_TRUE(t.find("sysmon", 0));
}

TEST(Corpus, LookupsLoad) {
  if (!fs::is_directory(kCorpus + "/lookups")) GTEST_SKIP() << "no corpus at " << kCorpus;
  LookupTable t;
  std::vector<Diagnostic> diags;
  size_t n = t.load_directory(kCorpus + "/lookups", diags);
  print_errors(diags);
  EXPECT_FALSE(has_errors(diags));
  EXPECT_EQ(n, 79u);
  // Warnings are only for data files that the corpus does not ship.
  for (const auto& d : diags) EXPECT_NE(d.message.find("does not exist"), std::string::npos) << d.message;
}

TEST(Corpus, DetectionsLoadAndExpand) {
  if (!fs::is_directory(kCorpus + "/detections")) GTEST_SKIP() << "no corpus at " << kCorpus;
  auto start = std::chrono::steady_clock::now();
  MacroTable macros;
  std::vector<Diagnostic> macro_diags;
  macros.load_directory(kCorpus + "/macros", macro_diags);

  std::vector<std::string> files = detection_files();
  EXPECT_EQ(files.size(), 481u);
  size_t loaded = 0, exact = 0, expanded = 0, warnings = 0;
  size_t expanded_bytes = 0, segments = 0, backticks_left = 0;
  for (const auto& f : files) {
    DetectionLoad l = load_detection_file(f);
    print_errors(l.diagnostics);
    warnings += l.diagnostics.size();
    if (!l.detection) continue;
    ++loaded;
    if (l.detection->search_origin_exact) ++exact;
    else ADD_FAILURE() << f << ": search positions fell back to the scalar start";
    expect_explained(l.detection->source->text(), l.detection->search, l.detection->search_origin);
    Expansion e = expand_search(*l.detection, macros);
    print_errors(e.diagnostics);
    if (!e.result) continue;
    ++expanded;
    if (e.result->text.find('`') != std::string::npos) ++backticks_left;
    expanded_bytes += e.result->text.size();
    segments += e.result->map.segment_count();
    // Every expanded byte locates to a real line of the detection file.
    const ExpandedSearch& x = *e.result;
    for (uint32_t i = 0; i < x.text.size(); i += 97) {
      Diagnostic d = x.map.locate(i);
      ASSERT_GT(d.line, 0) << f;
      ASSERT_FALSE(d.source_line.empty()) << f << " offset " << i;
    }
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[corpus] " << files.size() << " detections: " << loaded << " loaded, " << exact
            << " with exact search positions, " << expanded << " expanded cleanly (" << backticks_left
            << " keep a backtick inside a quoted string); " << warnings
            << " warnings; " << expanded_bytes << " expanded bytes in " << segments << " segments; "
            << ms << " ms\n";
  EXPECT_EQ(loaded, files.size());
  EXPECT_EQ(exact, files.size());
  EXPECT_EQ(expanded, files.size());
  EXPECT_EQ(warnings, 0u);
}

}  // namespace
}  // namespace rulejit
