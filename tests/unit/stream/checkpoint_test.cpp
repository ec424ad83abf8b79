// Checkpoints: the encoding refuses damage; a WindowedEngine snapshot taken
// mid-stream changes nothing, and an engine restored from it gives the rows
// the uninterrupted engine gives for the rest of the stream (windows, late
// and untimed counters, buffered rows, aggregation state).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/codegen/engine_factory.h"
#include "compiler/pack/pack_builder.h"
#include "runtime/engine/result_format.h"
#include "runtime/stream/checkpoint.h"
#include "runtime/stream/windowed_engine.h"

namespace rulejit::rt {
namespace {
namespace fs = std::filesystem;

const std::string kData = std::string(RULEJIT_SOURCE_DIR) + "/tests/unit/capi/data";
constexpr double T0 = 1700000040;

std::string event(double t, const std::string& user, const std::string& action) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", t);
  return std::string(R"({"_time":")") + buf + R"(","user":")" + user + R"(","action":")" + action + R"("})";
}

struct Stream {
  std::shared_ptr<ir::Pack> pack;
  std::unique_ptr<WindowedEngine> windows;
  std::vector<std::string> rows;
  std::string buf;

  Stream(const std::string& executor, WindowOptions wo) {
    PackSources s;
    s.rule_paths = {kData + "/rules"};
    s.fieldmap_dirs = {kData + "/fieldmaps"};
    pack = build_pack(s).pack;
    EngineFactory factory = [this, executor](std::string* error) {
      EngineOptions eo;
      eo.now = T0;
      return make_engine(executor, pack, eo,
                         [this](uint32_t rule, const ir::Plan& plan, const Row& row) {
                           const Window w = windows->current_window();
                           rows.push_back(pack->rules[rule].id + " " + std::to_string(w.start) + " " +
                                          format_result_json("", "", plan, row));
                         },
                         error);
    };
    std::string err;
    auto first = factory(&err);
    EXPECT_TRUE(first) << err;
    windows = std::make_unique<WindowedEngine>(pack, wo, factory, std::move(first));
  }
  void push(const std::string& e) {
    std::string err;
    EXPECT_TRUE(windows->push(padded_line(buf, e, "<test>"), "", &err)) << err;
  }
};

std::vector<std::string> stream() {
  std::vector<std::string> out;
  for (int i = 0; i < 240; ++i) {
    const double t = T0 + i * 0.75 - (i % 9 == 0 ? 40 : 0);  // some late, some out of order
    out.push_back(i % 17 == 0 ? R"({"user":"untimed","action":"fail"})"
                              : event(t, "u" + std::to_string(i % 7), i % 3 ? "fail" : "ok"));
  }
  return out;
}

TEST(Checkpoint, RestoredEngineContinuesLikeTheUninterruptedOne) {
  for (const char* executor : {"interp", "jit"}) {
    for (WindowOptions wo : {WindowOptions{30, 20, T0}, WindowOptions{0, 0, T0}}) {
      const auto events = stream();
      const size_t half = events.size() / 2;
      Stream whole(executor, wo);
      for (size_t i = 0; i < half; ++i) whole.push(events[i]);
      // The snapshot goes through its encoding, as on disk.
      Checkpoint c;
      c.settings = "test";
      c.windows = whole.windows->snapshot();
      Checkpoint back;
      std::string err;
      ASSERT_TRUE(decode_checkpoint(encode_checkpoint(c), &back, &err)) << err;
      const size_t rows_before = whole.rows.size();
      for (size_t i = half; i < events.size(); ++i) whole.push(events[i]);
      whole.windows->finish();

      Stream resumed(executor, wo);
      ASSERT_TRUE(resumed.windows->restore(std::move(back.windows), &err)) << err;
      for (size_t i = half; i < events.size(); ++i) resumed.push(events[i]);
      resumed.windows->finish();
      const std::vector<std::string> rest(whole.rows.begin() + static_cast<std::ptrdiff_t>(rows_before),
                                          whole.rows.end());
      EXPECT_FALSE(rest.empty());
      EXPECT_EQ(resumed.rows, rest) << executor << " span " << wo.span;
      EXPECT_EQ(resumed.windows->late_events(), whole.windows->late_events());
      EXPECT_EQ(resumed.windows->untimed_events(), whole.windows->untimed_events());
      EXPECT_EQ(resumed.windows->windows_closed(), whole.windows->windows_closed());
    }
  }
}

TEST(Checkpoint, DamagedBytesAreRefusedWithAReason) {
  Stream r("interp", WindowOptions{30, 0, T0});
  for (const auto& e : stream()) r.push(e);
  Checkpoint c;
  c.settings = "window=30";
  c.inputs.push_back({"/var/log/x.ndjson", 1, 2, 3000, 40});
  c.output_bytes = 1234;
  c.rows_out = 7;
  c.windows = r.windows->snapshot();
  const std::string bytes = encode_checkpoint(c);
  Checkpoint out;
  std::string err;
  ASSERT_TRUE(decode_checkpoint(bytes, &out, &err)) << err;
  EXPECT_EQ(out.inputs.size(), 1u);
  EXPECT_EQ(out.inputs[0].offset, 3000u);
  EXPECT_EQ(out.output_bytes, 1234u);
  EXPECT_EQ(out.windows.windows.size(), c.windows.windows.size());
  for (size_t n = 0; n < bytes.size(); n += 1 + n / 7) {
    EXPECT_FALSE(decode_checkpoint(bytes.substr(0, n), &out, &err)) << n;
    EXPECT_FALSE(err.empty());
  }
  for (size_t i = 0; i < bytes.size(); i += 1 + i / 5) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    EXPECT_FALSE(decode_checkpoint(bad, &out, &err)) << i;
  }
  std::string newer = bytes;
  newer[4] = 9;
  EXPECT_FALSE(decode_checkpoint(newer, &out, &err));
  EXPECT_NE(err.find("version 9"), std::string::npos) << err;
}

TEST(Checkpoint, SavedAtomicallyAndLoaded) {
  const fs::path dir = fs::temp_directory_path() / ("rulejit-ckpt-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Checkpoint c, out;
  std::string err;
  EXPECT_FALSE(load_checkpoint(dir.string(), &out, &err));
  EXPECT_TRUE(err.empty()) << err;  // none yet: a first run
  c.settings = "s";
  c.rows_out = 5;
  ASSERT_TRUE(save_checkpoint(dir.string(), c, &err)) << err;
  ASSERT_TRUE(load_checkpoint(dir.string(), &out, &err)) << err;
  EXPECT_EQ(out.rows_out, 5u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);  // no temporary left
  std::ofstream(checkpoint_path(dir.string()), std::ios::binary | std::ios::app) << "x";
  EXPECT_FALSE(load_checkpoint(dir.string(), &out, &err));
  EXPECT_NE(err.find("corrupt"), std::string::npos) << err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rulejit::rt
