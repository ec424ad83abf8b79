// `rulejit run --nats URL --from STREAM/CONSUMER`: the worker form of run
// (tools/rulejit/run_nats.h) is `rulejit worker` with the same options;
// --from without --nats, a bad --from and --from with --stream are errors.
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace {

using namespace cli_test;

TEST(RunNats, HelpOfRunListsTheWorkerForm) {
  Result r = rulejit("run --help");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("--nats"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--from"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rulejit run --nats URL --from STREAM/CONSUMER"), std::string::npos) << r.out;
}

TEST(RunNats, RunWithNatsIsTheWorker) {
  Result help = rulejit("run --nats nats://127.0.0.1:9 --from s/c --help");
  ASSERT_EQ(help.status, 0) << help.err;
  EXPECT_NE(help.out.find("--worker-id"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--idle-finish"), std::string::npos) << help.out;
  // Nothing listens on port 9: the worker's own NATS failure (exit 5), named by its worker id.
  Result r = rulejit("run --nats nats://127.0.0.1:9 --from s/c --window 2s --worker-id wx -q");
  EXPECT_EQ(r.status, 5) << r.err;
  EXPECT_NE(r.err.find("rulejit worker wx: cannot connect to nats://127.0.0.1:9"), std::string::npos) << r.err;
}

TEST(RunNats, MisusedFromIsAClearError) {
  Result alone = rulejit("run --from s/c -q");
  EXPECT_EQ(alone.status, 2);
  EXPECT_NE(alone.err.find("--from STREAM/CONSUMER needs --nats URL"), std::string::npos) << alone.err;
  Result bad = rulejit("run --nats nats://127.0.0.1:9 --from nostream --window 2s");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--from 'nostream' is not STREAM/CONSUMER"), std::string::npos) << bad.err;
  Result both = rulejit("worker --nats nats://127.0.0.1:9 --from s/c --stream s --window 2s");
  EXPECT_EQ(both.status, 2) << both.err;
  EXPECT_NE(both.err.find("excludes"), std::string::npos) << both.err;
}

}  // namespace
