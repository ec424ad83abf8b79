#include "runtime/functions/geoip.h"

#include <maxminddb.h>

#include <cstring>

#include "runtime/functions/args.h"
#include "runtime/functions/eval_error.h"
#include "runtime/functions/families.h"
#include "runtime/functions/policy.h"

namespace rulejit::rt {

const Value* GeoRecord::field(std::string_view name) const {
  if (name == "City") return &city;
  if (name == "Country") return &country;
  if (name == "Region") return &region;
  if (name == "lat") return &lat;
  if (name == "lon") return &lon;
  if (name == "Continent") return &continent;
  if (name == "MetroCode") return &metro_code;
  if (name == "Timezone") return &timezone;
  return nullptr;
}

std::shared_ptr<const GeoIpDb> GeoIpDb::open(const std::string& path, std::string* error) {
  std::shared_ptr<GeoIpDb> db(new GeoIpDb());
  db->db_ = std::make_unique<MMDB_s>();
  int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, db->db_.get());
  if (status != MMDB_SUCCESS) {
    if (error) *error = "cannot open GeoIP database " + path + ": " + MMDB_strerror(status);
    db->db_.reset();
    return nullptr;
  }
  db->path_ = path;
  return db;
}

GeoIpDb::~GeoIpDb() {
  if (db_) MMDB_close(db_.get());
}

namespace {

// The value at `path` (NULL-terminated keys) under `entry`, as text or number.
Value value_at(MMDB_entry_s* entry, const char* const* path) {
  MMDB_entry_data_s data;
  if (MMDB_aget_value(entry, &data, path) != MMDB_SUCCESS || !data.has_data) return Value();
  switch (data.type) {
    case MMDB_DATA_TYPE_UTF8_STRING:
      return Value::string(std::string(data.utf8_string, data.data_size));
    case MMDB_DATA_TYPE_DOUBLE: return Value::number(data.double_value);
    case MMDB_DATA_TYPE_FLOAT: return Value::number(data.float_value);
    case MMDB_DATA_TYPE_UINT16: return Value::number(data.uint16);
    case MMDB_DATA_TYPE_UINT32: return Value::number(data.uint32);
    case MMDB_DATA_TYPE_INT32: return Value::number(data.int32);
    default: return Value();
  }
}

// names.<lang> of the object at `prefix`, falling back to names.en.
Value name_at(MMDB_entry_s* entry, std::initializer_list<const char*> prefix, const std::string& lang) {
  for (const std::string& l : {lang, std::string("en")}) {
    std::vector<const char*> path(prefix);
    path.push_back("names");
    path.push_back(l.c_str());
    path.push_back(nullptr);
    Value v = value_at(entry, path.data());
    if (!v.is_null() || l == "en") return v;
  }
  return Value();
}

}  // namespace

GeoRecord GeoIpDb::lookup(std::string_view ip, std::string_view lang) const {
  GeoRecord r;
  if (!db_) return r;
  std::string addr(ip);
  int gai_error = 0, mmdb_error = 0;
  MMDB_lookup_result_s res = MMDB_lookup_string(db_.get(), addr.c_str(), &gai_error, &mmdb_error);
  if (gai_error != 0 || mmdb_error != MMDB_SUCCESS || !res.found_entry) return r;
  std::string l(lang.empty() ? "en" : lang);
  r.city = name_at(&res.entry, {"city"}, l);
  r.country = name_at(&res.entry, {"country"}, l);
  r.region = name_at(&res.entry, {"subdivisions", "0"}, l);
  r.continent = name_at(&res.entry, {"continent"}, l);
  static const char* const kLat[] = {"location", "latitude", nullptr};
  static const char* const kLon[] = {"location", "longitude", nullptr};
  static const char* const kMetro[] = {"location", "metro_code", nullptr};
  static const char* const kZone[] = {"location", "time_zone", nullptr};
  r.lat = value_at(&res.entry, kLat);
  r.lon = value_at(&res.entry, kLon);
  r.metro_code = value_at(&res.entry, kMetro);
  r.timezone = value_at(&res.entry, kZone);
  return r;
}

namespace {

// _iplocation(ip, field, lang): one iplocation output field. The last
// address looked up is cached in the context, as iplocation asks for up to
// eight fields of the same address in a row.
Value fn_iplocation(std::span<const Value> a, FunctionContext& ctx) {
  if (!ctx.geoip) throw EvalError("iplocation needs a GeoIP database (--geoip FILE)");
  if (a[0].is_null()) return Value();
  std::string ip = a[0].value_text(0);  // a multivalue: its first address (policy.h)
  args::Text field(a[1], "_iplocation");
  args::Text lang(a[2], "_iplocation");
  auto& cache = ctx.geoip_cache;
  if (!cache.valid || cache.ip != ip || cache.lang != lang.view()) {
    cache.record = ctx.geoip->lookup(ip, lang.view());
    cache.ip = std::move(ip);
    cache.lang = std::string(lang.view());
    cache.valid = true;
  }
  const Value* v = cache.record.field(field.view());
  return v ? *v : Value();
}

const FunctionInfo kGeoip[] = {
    // Not deterministic: the result depends on the database given at run time.
    {"_iplocation", 3, 3, fn_iplocation, false},
};

}  // namespace

std::span<const FunctionInfo> families::geoip_functions() { return kGeoip; }

}  // namespace rulejit::rt
