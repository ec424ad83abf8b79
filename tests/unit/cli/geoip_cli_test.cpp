// iplocation from the command line: the rule compiles without a database,
// running it needs --geoip (a clear error naming the option otherwise), and
// with the test database both executors add the location fields.
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace {

using namespace cli_test;

const char* kEvent =
    R"({"process_exec":{"process":{"pid":10,"binary":"/bin/sh"}},"node_name":"n1","time":"2025-08-14T20:42:47Z"})"
    "\n";

struct GeoFixture {
  ScratchDir dir{"rulejit-geoip-"};
  GeoFixture() {
    spit(dir / "events.ndjson", kEvent);
    spit(dir / "geo.yml",
         "name: Geo Rule\nid: g-1\n"
         "search: '`cisco_isovalent_process_exec` | eval ip=\"192.0.2.7\" | iplocation ip "
         "| table process_name City Country'\n"
         "tests:\n- name: located\n  events: events.ndjson\n"
         "  expect: |\n    {\"process_name\":\"sh\",\"City\":\"Springfield\",\"Country\":\"United States\"}\n");
  }
  std::string rule() const { return (dir / "geo.yml").string(); }
  std::string events() const { return (dir / "events.ndjson").string(); }
};

const std::string kDb = "tests/data/geoip/test-city.mmdb";

TEST(GeoipCli, CompilesWithoutADatabase) {
  GeoFixture f;
  Result r = rulejit("check '" + f.rule() + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

TEST(GeoipCli, RunWithoutADatabaseIsAnErrorNamingTheOption) {
  GeoFixture f;
  Result r = rulejit("run -q --rules '" + f.rule() + "' --input '" + f.events() + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("Geo Rule"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--geoip FILE"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  Result t = rulejit("test '" + f.rule() + "'");
  EXPECT_EQ(t.status, 1);
  EXPECT_NE(t.out.find("--geoip FILE"), std::string::npos) << t.out;
}

TEST(GeoipCli, RunAndTestWithTheDatabaseUnderBothExecutors) {
  GeoFixture f;
  for (const char* engine : {"interp", "jit"}) {
    Result r = rulejit("run -q --engine " + std::string(engine) + " --geoip " + kDb + " --rules '" + f.rule() +
                       "' --input '" + f.events() + "'");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find(R"("City":"Springfield","Country":"United States")"), std::string::npos) << r.out;
  }
  Result t = rulejit("test --engine both --geoip " + kDb + " '" + f.rule() + "'");
  EXPECT_EQ(t.status, 0) << t.out << t.err;
}

TEST(GeoipCli, AnUnreadableDatabaseIsRejected) {
  GeoFixture f;
  spit(f.dir / "bad.mmdb", "not a database");
  Result r = rulejit("run -q --engine interp --geoip '" + (f.dir / "bad.mmdb").string() + "' --rules '" + f.rule() +
                     "' --input '" + f.events() + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot open GeoIP database"), std::string::npos) << r.err;
}

}  // namespace
