// Runs every golden case (tests/golden/cases) under every executor and
// compares the result rows with the hand-worked expected rows.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/golden/golden_harness.h"

namespace rulejit::golden {
namespace {

const std::string kRepo = RULEJIT_SOURCE_DIR;

std::vector<GoldenCase>& cases() {
  static std::vector<GoldenCase> all = load_cases(
      kRepo + "/tests/golden/cases", kRepo,
      (std::filesystem::temp_directory_path() / ("rulejit-golden-" + std::to_string(::getpid()))).string());
  return all;
}

class Golden : public ::testing::TestWithParam<std::tuple<std::string, size_t>> {};

TEST_P(Golden, MatchesExpectedRows) {
  const auto& [engine, index] = GetParam();
  ASSERT_LT(index, cases().size());
  const GoldenCase& c = cases()[index];
  SCOPED_TRACE(c.name + ": " + c.description);
  std::string error;
  auto rows = run_case(c, kRepo, engine, &error);
  ASSERT_TRUE(error.empty()) << error;
  std::vector<std::string> got, want;
  for (const auto& r : rows) got.push_back(minify_json(r));
  for (const auto& r : c.expected) want.push_back(minify_json(r));
  EXPECT_EQ(got, want);
}

std::vector<std::tuple<std::string, size_t>> params() {
  std::vector<std::tuple<std::string, size_t>> p;
  for (const char* engine : {"interp", "jit"})
    for (size_t i = 0; i < cases().size(); ++i) p.emplace_back(engine, i);
  return p;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(params()), [](const auto& param_info) {
  std::string n = std::get<0>(param_info.param) + "_" + cases()[std::get<1>(param_info.param)].name;
  for (auto& ch : n)
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

}  // namespace
}  // namespace rulejit::golden
