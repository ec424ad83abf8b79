// Helpers for the C API tests: the test pack (tests/unit/capi/data), temp
// folders, draining the poll queue, counters.
#pragma once

#include <gtest/gtest.h>
#include <rulejit/rulejit.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace capi_test {

namespace fs = std::filesystem;

inline std::string source_dir() { return RULEJIT_SOURCE_DIR; }
inline std::string data_dir() { return source_dir() + "/tests/unit/capi/data"; }

// A folder under the system temp dir, removed at scope end.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("rulejit-capi-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

inline void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A detection file with this name, id and search.
inline void write_rule(const fs::path& dir, const std::string& file, const std::string& name, const std::string& id,
                       const std::string& search) {
  std::string quoted;
  for (char c : search) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  write_file(dir / file, "name: " + name + "\nid: " + id + "\nsearch: '" + quoted + "'\n");
}

// The test pack's paths; c() views them as rulejit_sources (valid while
// this object lives).
struct Sources {
  std::string rules, fieldmaps, macros, lookups;
  rulejit_sources c() const {
    rulejit_sources s{};
    s.rules = rules.c_str();
    s.fieldmaps = fieldmaps.c_str();
    s.macros = macros.c_str();
    s.lookups = lookups.c_str();
    return s;
  }
};

// No macros or lookups: a folder without any, so the bundled ones stay out.
inline std::string empty_dir() { return data_dir() + "/empty"; }

inline Sources test_sources(const std::string& rules = data_dir() + "/rules") {
  return Sources{rules, data_dir() + "/fieldmaps", empty_dir(), empty_dir()};
}

inline rulejit_options test_options(double window = 0, double lateness = 0) {
  rulejit_options o;
  rulejit_options_init(&o);
  o.now = 1700000000;
  o.window_span_seconds = window;
  o.allowed_lateness_seconds = lateness;
  return o;
}

// Engine over the test pack; fails the test when it cannot be created.
inline rulejit_engine* make_engine(const rulejit_options& o = test_options(),
                                   const std::string& rules = data_dir() + "/rules") {
  Sources src = test_sources(rules);
  rulejit_sources s = src.c();
  rulejit_engine* e = nullptr;
  rulejit_status st = rulejit_engine_create(&s, &o, &e);
  EXPECT_EQ(st, RULEJIT_OK) << rulejit_last_error();
  return e;
}

inline rulejit_status push(rulejit_engine* e, const std::string& ev, const char* sourcetype = nullptr) {
  return rulejit_engine_push(e, ev.data(), ev.size(), sourcetype);
}

// {"_time":"<t>","user":"<user>","action":"<action>"}
inline std::string json_event(double t, const std::string& user, const std::string& action) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", t);
  return std::string("{\"_time\":\"") + buf + "\",\"user\":\"" + user + "\",\"action\":\"" + action + "\"}";
}

inline std::string login_event(double t, const std::string& user) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", t);
  return std::string("{\"login\":{\"user\":\"") + user + "\",\"ts\":" + buf + "}}";
}

// Every queued result's JSON, in order (results are freed).
inline std::vector<std::string> drain(rulejit_engine* e) {
  std::vector<std::string> out;
  for (;;) {
    rulejit_result* r = nullptr;
    rulejit_status st = rulejit_engine_poll(e, &r);
    if (st == RULEJIT_EMPTY) break;
    EXPECT_EQ(st, RULEJIT_OK) << rulejit_last_error();
    if (st != RULEJIT_OK) break;
    const char* json;
    size_t len;
    EXPECT_EQ(rulejit_result_json(r, &json, &len), RULEJIT_OK);
    out.emplace_back(json, len);
    EXPECT_EQ(rulejit_result_free(r), RULEJIT_OK);
  }
  return out;
}

// Results whose JSON contains `needle`.
inline std::vector<std::string> with(const std::vector<std::string>& rows, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& r : rows)
    if (r.find(needle) != std::string::npos) out.push_back(r);
  return out;
}

inline rulejit_stats stats(rulejit_engine* e) {
  rulejit_stats s{};
  s.struct_size = sizeof s;
  EXPECT_EQ(rulejit_engine_stats(e, &s), RULEJIT_OK) << rulejit_last_error();
  return s;
}

inline std::string engine_error(rulejit_engine* e) {
  size_t len = 0;
  EXPECT_EQ(rulejit_engine_last_error(e, nullptr, 0, &len), RULEJIT_OK);
  std::string s(len + 1, '\0');
  EXPECT_EQ(rulejit_engine_last_error(e, s.data(), s.size(), nullptr), RULEJIT_OK);
  s.resize(len);
  return s;
}

// Index of the rule with this id in the running pack (-1 when absent).
inline int rule_index(rulejit_engine* e, const std::string& id) {
  rulejit_stats s = stats(e);
  for (uint32_t i = 0; i < s.rule_count; ++i) {
    rulejit_rule_info ri{};
    ri.struct_size = sizeof ri;
    if (rulejit_engine_rule_info(e, i, &ri) == RULEJIT_OK && id == ri.id) return static_cast<int>(i);
  }
  return -1;
}

inline rulejit_rule_info rule_info(rulejit_engine* e, const std::string& id) {
  rulejit_rule_info ri{};
  ri.struct_size = sizeof ri;
  int i = rule_index(e, id);
  EXPECT_GE(i, 0) << "no rule " << id;
  if (i >= 0) {
    EXPECT_EQ(rulejit_engine_rule_info(e, static_cast<uint32_t>(i), &ri), RULEJIT_OK);
  }
  return ri;
}

}  // namespace capi_test
