// The installed package: `cmake --install` into a temporary prefix, then a
// tiny C consumer built against it with find_package(rulejit) (shared and
// static) and with pkg-config, and run.
#include "capi_process_util.h"
#include "capi_test_util.h"

using namespace capi_test;

namespace {

const char* kConsumer = R"(/* A minimal rulejit embedder: bundled pack, one event, close. */
#include <rulejit/rulejit.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  rulejit_options o;
  rulejit_engine* e = NULL;
  rulejit_stats st;
  const char* ev = "{\"process_exec\":{\"process\":{\"binary\":\"/bin/sh\",\"pid\":7}},\"node_name\":\"n\"}";
  rulejit_options_init(&o);
  o.allow_rule_errors = 1;
  if (rulejit_engine_create(NULL, &o, &e) != RULEJIT_OK) {
    fprintf(stderr, "create: %s\n", rulejit_last_error());
    return 1;
  }
  if (rulejit_engine_push(e, ev, strlen(ev), NULL) != RULEJIT_OK || rulejit_engine_close(e) != RULEJIT_OK) {
    fprintf(stderr, "push/close: %s\n", rulejit_last_error());
    return 1;
  }
  memset(&st, 0, sizeof st);
  st.struct_size = sizeof st;
  rulejit_engine_stats(e, &st);
  printf("consumer %s: %u rules, %llu events\n", rulejit_version(), st.rule_count, (unsigned long long)st.events);
  rulejit_engine_destroy(e);
  return st.rule_count > 0 && st.events == 1 ? 0 : 1;
}
)";

const char* kConsumerCMake = R"(cmake_minimum_required(VERSION 3.16)
project(rulejit_consumer C)
find_package(rulejit 0.1 REQUIRED)
add_executable(consumer_shared consumer.c)
target_link_libraries(consumer_shared PRIVATE rulejit::rulejit)
add_executable(consumer_static consumer.c)
target_link_libraries(consumer_static PRIVATE rulejit::rulejit_static)
)";

// The folder under `prefix` that holds librulejit.so (lib or lib/<multiarch>).
fs::path find_libdir(const fs::path& prefix) {
  for (const auto& e : fs::recursive_directory_iterator(prefix))
    if (e.path().filename() == "librulejit.a") return e.path().parent_path();
  return {};
}

std::string sanitizer_flags() { return RULEJIT_SANITIZED ? "-fsanitize=address,undefined" : ""; }

}  // namespace

TEST(CapiInstall, ConsumersBuildAgainstTheInstalledPackage) {
  TempDir tmp;
  const fs::path prefix = tmp.path() / "prefix";
  const std::string cmake = RULEJIT_CMAKE_COMMAND;
  Redirect log{"/dev/null", (tmp.path() / "out").string(), (tmp.path() / "err").string()};
  auto logs = [&] { return read_file(tmp.path() / "out") + read_file(tmp.path() / "err"); };

  ASSERT_EQ(run({cmake, "--install", RULEJIT_BUILD_DIR, "--prefix", prefix.string()}, log), 0) << logs();
  fs::path libdir = find_libdir(prefix);
  ASSERT_FALSE(libdir.empty()) << logs();
  EXPECT_TRUE(fs::exists(prefix / "include/rulejit/rulejit.h"));
  EXPECT_TRUE(fs::exists(libdir / "librulejit.so"));
  EXPECT_TRUE(fs::exists(libdir / "pkgconfig/rulejit.pc"));
  EXPECT_TRUE(fs::exists(libdir / "cmake/rulejit/rulejitConfig.cmake"));
  EXPECT_TRUE(fs::exists(libdir / "cmake/rulejit/rulejitConfigVersion.cmake"));
  EXPECT_TRUE(fs::is_directory(prefix / "share/rulejit/rules/isovalent"));

  // find_package(rulejit): shared and static.
  const fs::path src = tmp.path() / "consumer";
  const fs::path build = tmp.path() / "consumer-build";
  write_file(src / "consumer.c", kConsumer);
  write_file(src / "CMakeLists.txt", kConsumerCMake);
  std::vector<std::string> configure{cmake,
                                     "-S",
                                     src.string(),
                                     "-B",
                                     build.string(),
                                     "-DCMAKE_PREFIX_PATH=" + prefix.string(),
                                     std::string("-DCMAKE_C_COMPILER=") + RULEJIT_C_COMPILER,
                                     "-DCMAKE_C_FLAGS=" + sanitizer_flags(),
                                     "-DCMAKE_EXE_LINKER_FLAGS=" + sanitizer_flags()};
  ASSERT_EQ(run(configure, log), 0) << logs();
  ASSERT_EQ(run({cmake, "--build", build.string()}, log), 0) << logs();
  // No RULEJIT_HOME: the shared library finds the pack installed next to it.
  Redirect out{"/dev/null", (tmp.path() / "run.out").string(), (tmp.path() / "run.err").string()};
  ASSERT_EQ(run({(build / "consumer_shared").string()}, out, {}, {"RULEJIT_HOME"}), 0)
      << read_file(tmp.path() / "run.err");
  EXPECT_NE(read_file(tmp.path() / "run.out").find("consumer 0.1.0:"), std::string::npos);
  ASSERT_EQ(run({(build / "consumer_static").string()}, out, {"RULEJIT_HOME=" + (prefix / "share/rulejit").string()}),
            0)
      << read_file(tmp.path() / "run.err");
  EXPECT_NE(read_file(tmp.path() / "run.out").find(" events"), std::string::npos);

  // pkg-config.
  const fs::path pc_out = tmp.path() / "pc.flags";
  Redirect pc{"/dev/null", pc_out.string(), (tmp.path() / "err").string()};
  ASSERT_EQ(run({"/usr/bin/pkg-config", "--cflags", "--libs", "rulejit"}, pc,
                {"PKG_CONFIG_PATH=" + (libdir / "pkgconfig").string()}),
            0)
      << logs();
  std::string flags = read_file(pc_out);
  EXPECT_NE(flags.find("-lrulejit"), std::string::npos) << flags;
  std::vector<std::string> cc{RULEJIT_C_COMPILER, "-std=c99", "-Wall", "-Werror", (src / "consumer.c").string(),
                              "-o", (tmp.path() / "consumer_pc").string()};
  if (!sanitizer_flags().empty()) cc.push_back(sanitizer_flags());
  // Split the flags on whitespace, as a shell would.
  size_t pos = 0;
  while ((pos = flags.find_first_not_of(" \n\t", pos)) != std::string::npos) {
    size_t end = flags.find_first_of(" \n\t", pos);
    cc.push_back(flags.substr(pos, end - pos));
    pos = end;
  }
  ASSERT_EQ(run(cc, log), 0) << logs();
  ASSERT_EQ(run({(tmp.path() / "consumer_pc").string()}, out, {"LD_LIBRARY_PATH=" + libdir.string()}, {"RULEJIT_HOME"}),
            0)
      << read_file(tmp.path() / "run.err");
  EXPECT_NE(read_file(tmp.path() / "run.out").find("consumer 0.1.0:"), std::string::npos);
}
