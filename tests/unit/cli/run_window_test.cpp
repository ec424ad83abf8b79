// `rulejit run --window SPAN --allowed-lateness SPAN`: rows tagged with their
// window, windows written as they close, late events in the summary, and
// the same rows as a plain run when one window covers the whole input.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>

#include "cli_runner.h"

namespace {

using namespace cli_test;

const std::string kData = kRepo + "/tests/unit/capi/data";
constexpr long long T0 = 1700000040;  // a multiple of 60

std::string event(long long t, const std::string& user, const std::string& action) {
  return R"({"_time":")" + std::to_string(t) + R"(","user":")" + user + R"(","action":")" + action + "\"}\n";
}

// The C API test pack (count by user, fail events, login count) over `input`.
Result run_pack(const fs::path& input, const std::string& extra) {
  return rulejit("run --no-progress --engine interp --rules '" + kData + "/rules' --fieldmaps '" + kData +
                 "/fieldmaps' -i '" + input.string() + "' " + extra);
}

std::string strip_windows(const std::string& rows) {
  static const std::regex fields(R"(,"_window_start":[0-9.e+-]+,"_window_end":[0-9.e+-]+)");
  return std::regex_replace(rows, fields, "");
}

// "user:count@window start - T0" of the count-by-user rows, in output order.
std::vector<std::string> counts(const std::string& out) {
  static const std::regex row(
      R"re("rule":"CAPI Count By User","rule_id":"[^"]*","_window_start":([0-9]+),"_window_end":[0-9]+,"user":"([^"]*)","count":([0-9]+))re");
  std::vector<std::string> got;
  for (std::sregex_iterator it(out.begin(), out.end(), row), end; it != end; ++it)
    got.push_back((*it)[2].str() + ":" + (*it)[3].str() + "@" + std::to_string(std::stoll((*it)[1].str()) - T0));
  return got;
}

TEST(CliRunWindow, RowsAreTaggedPerWindowAndLateEventsCounted) {
  ScratchDir dir;
  spit(dir / "in.ndjson", event(T0 + 1, "alice", "ok") + event(T0 + 30, "bob", "fail") +
                              event(T0 + 61, "alice", "ok") + event(T0 + 10, "carol", "ok") +  // late
                              event(T0 + 130, "alice", "ok"));
  Result r = run_pack(dir / "in.ndjson", "--window 1m");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(counts(r.out), (std::vector<std::string>{"alice:1@0", "bob:1@0", "alice:1@60", "alice:1@120"}));
  // The streaming rule's row carries its event's window too.
  EXPECT_NE(r.out.find(R"("rule":"CAPI Fail Events","rule_id":"capi-fail-events","_window_start":)" +
                       std::to_string(T0) + R"(,"_window_end":)" + std::to_string(T0 + 60)),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("windows of 1m (allowed lateness 0): 3 closed; late events (dropped): 1; untimed events: 0"),
            std::string::npos)
      << r.err;
}

TEST(CliRunWindow, AllowedLatenessAcceptsOutOfOrderEvents) {
  ScratchDir dir;
  spit(dir / "in.ndjson", event(T0 + 1, "alice", "ok") + event(T0 + 61, "alice", "ok") +
                              event(T0 + 10, "carol", "ok") + event(T0 + 95, "bob", "ok") + "{\"user\":\"x\"}\n");
  Result r = run_pack(dir / "in.ndjson", "--window 60 --allowed-lateness 30s");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(counts(r.out), (std::vector<std::string>{"alice:1@0", "carol:1@0", "alice:1@60", "bob:1@60", "x:1@60"}));
  EXPECT_NE(r.err.find("2 closed; late events (dropped): 0; untimed events: 1"), std::string::npos) << r.err;
}

TEST(CliRunWindow, OneWindowOverTheWholeInputGivesThePlainRunsRows) {
  // The bundled pack over the bundled sample, and the test pack over its events.
  for (const bool bundled : {true, false}) {
    ScratchDir dir;
    spit(dir / "in.ndjson", event(T0 + 1, "alice", "ok") + event(T0 + 30, "bob", "fail") +
                                event(T0 + 500, "alice", "fail") + event(T0 + 20, "bob", "ok"));
    const std::string common = "--now 1755216000 ";
    Result plain = bundled ? rulejit("run --no-progress --engine interp " + common) : run_pack(dir / "in.ndjson", common);
    Result windowed = bundled ? rulejit("run --no-progress --engine interp --window 1000d " + common)
                              : run_pack(dir / "in.ndjson", common + "--window 1000d");
    ASSERT_EQ(plain.status, 0) << plain.err;
    ASSERT_EQ(windowed.status, 0) << windowed.err;
    ASSERT_GT(lines(plain.out), 2u);
    EXPECT_EQ(plain.out.find("_window_start"), std::string::npos);
    // Every row says its window; without the window fields, the same rows in the same order.
    EXPECT_EQ(lines(windowed.out), lines(plain.out));
    size_t tagged = 0;
    for (size_t p = 0; (p = windowed.out.find("\"_window_start\":", p)) != std::string::npos; ++p) ++tagged;
    EXPECT_EQ(tagged, lines(plain.out));
    EXPECT_EQ(strip_windows(windowed.out), plain.out);
    EXPECT_NE(windowed.err.find("1 closed; late events (dropped): 0"), std::string::npos) << windowed.err;
    // Same per-rule totals in the summary.
    static const std::regex totals(R"(events +[0-9]+ +matched +[0-9]+ +results +[0-9]+)");
    std::string a, b;
    for (std::sregex_iterator it(plain.err.begin(), plain.err.end(), totals), end; it != end; ++it) a += it->str();
    for (std::sregex_iterator it(windowed.err.begin(), windowed.err.end(), totals), end; it != end; ++it) b += it->str();
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, b);
  }
}

TEST(CliRunWindow, AClosedWindowIsWrittenBeforeTheInputEnds) {
  // The second half arrives only after the first window's rows are in the
  // output file: the run must not hold them until the end of the input.
  ScratchDir dir;
  spit(dir / "a.ndjson", event(T0 + 1, "alice", "ok") + event(T0 + 61, "bob", "ok"));
  spit(dir / "b.ndjson", event(T0 + 62, "carol", "ok"));
  const std::string out = (dir / "out").string(), seen = (dir / "seen").string();
  const std::string feed = "{ cat '" + (dir / "a.ndjson").string() + "'; for i in $(seq 100); do grep -q alice '" +
                           out + "' 2>/dev/null && break; sleep 0.1; done; cp '" + out + "' '" + seen + "'; cat '" +
                           (dir / "b.ndjson").string() + "'; } | ";
  Result r = rulejit("run -q --engine interp --rules '" + kData + "/rules' --fieldmaps '" + kData +
                         "/fieldmaps' -i - -o '" + out + "' --window 1m",
                     feed);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(counts(slurp(seen)), (std::vector<std::string>{"alice:1@0"}));
  EXPECT_EQ(counts(slurp(out)), (std::vector<std::string>{"alice:1@0", "bob:1@60", "carol:1@60"}));
}

TEST(CliRunWindow, BadSpansAreRejected) {
  EXPECT_EQ(rulejit("run -q --window 0").status, 2);
  EXPECT_EQ(rulejit("run -q --window 1mon").status, 2);  // months have no fixed length
  Result r = rulejit("run -q --allowed-lateness 5m");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--allowed-lateness needs --window"), std::string::npos) << r.err;
}

}  // namespace
