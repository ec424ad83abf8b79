#include "tools/rulejit/run_state.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace rulejit::cli {
namespace fs = std::filesystem;

RunState::RunState(std::string dir, std::string settings, double interval_seconds, bool fresh)
    : dir_(std::move(dir)), settings_(std::move(settings)), interval_(interval_seconds), fresh_(fresh) {
  next_ = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval_);
}

bool RunState::open(std::string* error) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_)) {
    *error = "--state " + dir_ + ": cannot create the folder: " + (ec ? ec.message() : "not a folder");
    return false;
  }
  // A checkpoint being written when the process died leaves its temporary
  // file (write_file_atomically names it checkpoint.tmp.*): never read, removed.
  for (const auto& entry : fs::directory_iterator(dir_, ec))
    if (entry.path().filename().string().rfind("checkpoint.tmp.", 0) == 0) fs::remove(entry.path(), ec);
  if (fresh_) {
    fs::remove(rt::checkpoint_path(dir_), ec);
    return true;
  }
  rt::Checkpoint c;
  std::string why;
  if (!rt::load_checkpoint(dir_, &c, &why)) {
    if (why.empty()) return true;  // none yet: a first run
    *error = "--state: " + why + "; start again with --fresh-state to discard it";
    return false;
  }
  if (c.settings != settings_) {
    *error = "--state " + dir_ + ": its checkpoint was made with other settings (" + c.settings + "; now " +
             settings_ + "); start again with --fresh-state to discard it";
    return false;
  }
  loaded_ = std::move(c);
  return true;
}

bool RunState::save(rt::WindowedEngine& windows, rt::OutputStream& out, std::vector<rt::InputPosition> positions,
                    uint64_t rows_out) {
  const auto t0 = std::chrono::steady_clock::now();
  next_ = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval_);
  rt::Checkpoint c;
  c.settings = settings_;
  c.windows = windows.snapshot();  // runs every pushed event: their rows reach `out` first
  c.inputs = std::move(positions);
  std::string error;
  bool ok = out.sync();
  if (!ok) error = out.error();
  c.output_bytes = out.bytes_written();
  c.rows_out = rows_out;
  if (ok) ok = rt::save_checkpoint(dir_, c, &error);
  save_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (ok) {
    ++saves_;
    return true;
  }
  if (failures_++ % 100 == 0) std::fprintf(stderr, "rulejit run: --state: checkpoint not saved: %s\n", error.c_str());
  return false;
}

}  // namespace rulejit::cli
