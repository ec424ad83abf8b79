// GeoIpDb over the test database (tests/data/geoip/make_test_mmdb.pl) and
// the _iplocation function's contract without a database.
#include <gtest/gtest.h>

#include "runtime/functions/eval_error.h"
#include "runtime/functions/geoip.h"
#include "runtime/functions/registry.h"

namespace rulejit::rt {
namespace {

const std::string kDb = std::string(RULEJIT_SOURCE_DIR) + "/tests/data/geoip/test-city.mmdb";

TEST(GeoIp, LooksUpCityRecordsWithLanguageFallback) {
  std::string err;
  auto db = GeoIpDb::open(kDb, &err);
  ASSERT_TRUE(db) << err;
  GeoRecord r = db->lookup("192.0.2.1", "de");
  EXPECT_EQ(r.city.to_text(), "Springfeld");
  EXPECT_EQ(r.region.to_text(), "Illinois");  // no German name: English
  EXPECT_TRUE(r.lat.is_number());
  EXPECT_EQ(r.metro_code.to_text(), "648");
  EXPECT_EQ(db->lookup("192.0.2.1", "xx").country.to_text(), "United States");
  GeoRecord miss = db->lookup("203.0.113.9", "en");
  EXPECT_TRUE(miss.city.is_null() && miss.country.is_null() && miss.lat.is_null());
  EXPECT_TRUE(db->lookup("", "en").country.is_null());
}

TEST(GeoIp, OpenFailureNamesTheFile) {
  std::string err;
  EXPECT_FALSE(GeoIpDb::open("/nonexistent/x.mmdb", &err));
  EXPECT_NE(err.find("/nonexistent/x.mmdb"), std::string::npos) << err;
}

TEST(GeoIp, FunctionWithoutADatabaseIsAnEvaluationErrorNamingTheOption) {
  const FunctionInfo* fn = find_function("_iplocation");
  ASSERT_NE(fn, nullptr);
  EXPECT_FALSE(fn->deterministic);  // never folded at compile time
  FunctionContext ctx;
  std::vector<Value> args{Value::string("192.0.2.1"), Value::string("City"), Value::string("en")};
  try {
    call_function(*fn, args, ctx);
    FAIL() << "no error";
  } catch (const EvalError& e) {
    EXPECT_NE(std::string(e.what()).find("--geoip"), std::string::npos);
  }
  std::string err;
  ctx.geoip = GeoIpDb::open(kDb, &err);
  EXPECT_EQ(call_function(*fn, args, ctx).to_text(), "Springfield");
  args[1] = Value::string("Country");  // same address: served from the context's cache
  EXPECT_EQ(call_function(*fn, args, ctx).to_text(), "United States");
}

}  // namespace
}  // namespace rulejit::rt
