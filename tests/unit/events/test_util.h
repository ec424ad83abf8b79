// Helpers shared by the event-reader tests.
#pragma once

#include <atomic>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/events/event_fields.h"

namespace rulejit::rt::testing {

// Heap allocations made through operator new since program start
// (alloc_counter.cpp replaces the global operator new).
extern std::atomic<long> g_allocations;

inline std::string fixture_path() {
  return std::string(RULEJIT_SOURCE_DIR) + "/tests/data/events/tetragon_samples.ndjson";
}

inline std::vector<std::string> fixture_lines() {
  std::ifstream in(fixture_path());
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

inline std::vector<std::string> vals(const EventFields& f, int slot) {
  std::vector<std::string> out;
  for (std::string_view v : f.values(slot)) out.emplace_back(v);
  return out;
}

}  // namespace rulejit::rt::testing
