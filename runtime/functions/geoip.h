// GeoIP lookups for `iplocation`, over a MaxMind DB file (libmaxminddb).
//
// Contract:
//  - GeoIpDb::open() maps a .mmdb file (GeoLite2/GeoIP2 City layout); the
//    open database is immutable and may be shared by threads.
//  - lookup(ip, lang) returns the record's City, Country, Region (first
//    subdivision), lat, lon, Continent, MetroCode and Timezone in `lang`
//    (English names when the record has none in `lang`); a field the record
//    lacks is null, and an address that is not in the database (or is not
//    an address) gives all nulls (policy.h "iplocation").
//  - The eval function _iplocation(ip, field, lang) reads the database the
//    FunctionContext holds; without one it is an evaluation error. The CLI
//    refuses to run such rules without --geoip first (engine/geoip_setup.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "runtime/core/value.h"

struct MMDB_s;

namespace rulejit::rt {

struct GeoRecord {
  Value city, country, region, lat, lon, continent, metro_code, timezone;
  // The field iplocation outputs under `name` (City, Country, ...); null for
  // other names.
  const Value* field(std::string_view name) const;
};

class GeoIpDb {
 public:
  static std::shared_ptr<const GeoIpDb> open(const std::string& path, std::string* error);
  ~GeoIpDb();
  GeoIpDb(const GeoIpDb&) = delete;
  GeoIpDb& operator=(const GeoIpDb&) = delete;

  GeoRecord lookup(std::string_view ip, std::string_view lang) const;
  const std::string& path() const { return path_; }

 private:
  GeoIpDb() = default;
  std::unique_ptr<MMDB_s> db_;
  std::string path_;
};

}  // namespace rulejit::rt
