// Concurrency: push / poll / stats from several threads, destroy while other
// threads use the engine, and the cost of the per-call handle check + engine
// lock (printed; the assertions check the counts).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "capi_test_util.h"

using namespace capi_test;

TEST(CapiThreads, PushPollAndStatsFromManyThreads) {
  rulejit_engine* e = make_engine();
  constexpr int kThreads = 4, kPerThread = 500;
  std::atomic<int> polled{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t)
    producers.emplace_back([&, t] {
      std::string batch;
      for (int i = 0; i < kPerThread; ++i) {
        std::string ev = json_event(1700000001 + i, "t" + std::to_string(t), "fail");
        if (i % 2) {
          EXPECT_EQ(push(e, ev), RULEJIT_OK);
        } else {
          batch = ev + "\n";
          EXPECT_EQ(rulejit_engine_push_batch(e, batch.data(), batch.size(), nullptr), RULEJIT_OK);
        }
      }
    });
  std::thread poller([&] {
    while (!done) {
      rulejit_result* r = nullptr;
      if (rulejit_engine_poll(e, &r) == RULEJIT_OK) {
        ++polled;
        rulejit_result_free(r);
      }
    }
  });
  std::thread watcher([&] {
    uint64_t last = 0;
    while (!done) {
      uint64_t now = stats(e).events;
      EXPECT_GE(now, last);  // monotonic
      last = now;
    }
  });
  for (auto& p : producers) p.join();
  done = true;
  poller.join();
  watcher.join();
  polled += static_cast<int>(drain(e).size());
  EXPECT_EQ(polled.load(), kThreads * kPerThread);  // every fail event, once
  rulejit_stats st = stats(e);
  EXPECT_EQ(st.events, static_cast<uint64_t>(kThreads * kPerThread));
  ASSERT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
  auto rows = with(drain(e), "CAPI Count By User");
  EXPECT_EQ(rows.size(), static_cast<size_t>(kThreads));
  for (const auto& r : rows) EXPECT_NE(r.find("\"count\":500"), std::string::npos) << r;
  rulejit_engine_destroy(e);
}

TEST(CapiThreads, DestroyWhileOtherThreadsPush) {
  for (int round = 0; round < 5; ++round) {
    rulejit_engine* e = make_engine();
    std::atomic<int> ok{0}, invalid{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t)
      threads.emplace_back([&] {
        while (!go) std::this_thread::yield();
        for (int i = 0; i < 300; ++i) {
          rulejit_status st = push(e, json_event(1700000001, "x", "fail"));
          if (st == RULEJIT_OK) ++ok;
          else if (st == RULEJIT_E_INVALID_HANDLE) ++invalid;
          else ++other;
          rulejit_result* r = nullptr;
          if (rulejit_engine_poll(e, &r) == RULEJIT_OK) rulejit_result_free(r);
        }
      });
    go = true;
    std::this_thread::sleep_for(std::chrono::microseconds(200 * round));
    EXPECT_EQ(rulejit_engine_destroy(e), RULEJIT_OK);
    for (auto& t : threads) t.join();
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(ok + invalid, 900);
    EXPECT_EQ(push(e, "{}"), RULEJIT_E_INVALID_HANDLE);
  }
}

// The price of thread safety: every call looks its handle up (shared lock on
// the handle table) and takes the engine's mutex. Measured on a call that
// does nothing else, next to the cost of pushing one event.
TEST(CapiThreads, MutexOverheadMicroBenchmark) {
  using clock = std::chrono::steady_clock;
  rulejit_engine* e = make_engine();
  const std::string ev = json_event(1700000001, "alice", "ok");
  constexpr int kCalls = 200000;

  auto per_call_ns = [](clock::time_point t0, long n) {
    return std::chrono::duration<double, std::nano>(clock::now() - t0).count() / static_cast<double>(n);
  };
  auto t0 = clock::now();
  for (int i = 0; i < kCalls; ++i) rulejit_engine_set_callback(e, nullptr, nullptr);
  double lock_ns = per_call_ns(t0, kCalls);

  t0 = clock::now();
  for (int i = 0; i < kCalls; ++i) push(e, ev);
  double push_ns = per_call_ns(t0, kCalls);

  std::string batch;
  for (int i = 0; i < 1000; ++i) batch += ev + "\n";
  t0 = clock::now();
  for (int i = 0; i < kCalls / 1000; ++i) rulejit_engine_push_batch(e, batch.data(), batch.size(), nullptr);
  double batch_ns = per_call_ns(t0, kCalls);

  // Two threads on one engine: the lock is contended.
  t0 = clock::now();
  std::thread other([&] {
    for (int i = 0; i < kCalls / 2; ++i) push(e, ev);
  });
  for (int i = 0; i < kCalls / 2; ++i) push(e, ev);
  other.join();
  double contended_ns = per_call_ns(t0, kCalls);

  std::printf(
      "[ overhead ] handle check + engine lock: %.0f ns/call; push: %.0f ns/event (%.1f%% of it); "
      "push_batch: %.0f ns/event; 2 threads on one engine: %.0f ns/event\n",
      lock_ns, push_ns, 100.0 * lock_ns / push_ns, batch_ns, contended_ns);
  EXPECT_EQ(stats(e).events, static_cast<uint64_t>(3 * kCalls));
  EXPECT_LT(lock_ns, push_ns);  // the lock is cheaper than the work it guards
  rulejit_engine_destroy(e);
}

namespace {

// threads > 1: push_batch spreads its events over worker threads; the
// results, their windows and their order are those of one thread, and all
// of a batch's results are there when the call returns.
TEST(CApiWorkerThreads, PushBatchGivesOneThreadsResults) {
  std::string batch;
  for (int i = 0; i < 3000; ++i) {
    const double t = 1700000000 + i * 0.05 + (i % 7 == 0 ? -3 : 0);  // some out of order
    batch += json_event(t, "u" + std::to_string(i % 13), i % 3 ? "fail" : "ok") + "\n";
    if (i % 11 == 0) batch += login_event(t, "u" + std::to_string(i % 5)) + "\n";
  }
  auto run = [&](uint32_t threads, double window) {
    rulejit_options o = test_options(window, window > 0 ? 2 : 0);
    o.threads = threads;
    rulejit_engine* e = make_engine(o);
    std::vector<std::string> rows;
    if (!e) return rows;
    // In pieces, each a call whose results must be complete when it returns.
    const size_t piece = batch.size() / 5;
    for (size_t pos = 0; pos < batch.size();) {
      const size_t nl = batch.find('\n', std::min(batch.size(), pos + piece));
      const size_t end = nl == std::string::npos ? batch.size() : nl + 1;
      EXPECT_EQ(rulejit_engine_push_batch(e, batch.data() + pos, end - pos, nullptr), RULEJIT_OK);
      auto got = drain(e);
      rows.push_back("-- batch (" + std::to_string(got.size()) + " rows)");
      rows.insert(rows.end(), got.begin(), got.end());
      pos = end;
    }
    EXPECT_EQ(rulejit_engine_flush(e), RULEJIT_OK);
    auto got = drain(e);
    rows.insert(rows.end(), got.begin(), got.end());
    rulejit_stats st = stats(e);
    rows.push_back("events " + std::to_string(st.events));
    rulejit_engine_destroy(e);
    return rows;
  };
  for (double window : {0.0, 10.0}) {
    const auto one = run(1, window);
    EXPECT_GT(one.size(), 20u);
    EXPECT_EQ(run(3, window), one) << "window " << window;
  }
}

}  // namespace
