#include "tools/rulejit/run_signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

namespace rulejit::cli::run_signals {
namespace {

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "flags set in signal handlers must be lock-free");

std::atomic<bool> g_stop{false};
std::atomic<int> g_stop_signal{0};
std::atomic<bool> g_reload{false};
std::atomic<bool> g_stdin_input{false};

struct sigaction g_old_int, g_old_term, g_old_hup;

void on_stop(int sig) {
  if (g_stop.load()) _exit(128 + sig);  // the second one: at once
  g_stop_signal.store(sig);
  g_stop.store(true);
  if (g_stdin_input.load()) {
    // Ends a read blocked on stdin: it sees EOF.
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::dup2(fd, 0);
      ::close(fd);
    }
  }
}

void on_hup(int) { g_reload.store(true); }

void set(int sig, void (*fn)(int), struct sigaction* old) {
  struct sigaction sa {};
  sa.sa_handler = fn;
  // A stop handler never runs inside the other one.
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGINT);
  sigaddset(&sa.sa_mask, SIGTERM);
  sa.sa_flags = SA_RESTART;
  ::sigaction(sig, &sa, old);
}

}  // namespace

void install(bool stdin_is_input) {
  g_stop = false;
  g_stop_signal = 0;
  g_reload = false;
  g_stdin_input = stdin_is_input;
  set(SIGINT, on_stop, &g_old_int);
  set(SIGTERM, on_stop, &g_old_term);
  set(SIGHUP, on_hup, &g_old_hup);
}

void restore() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
  ::sigaction(SIGHUP, &g_old_hup, nullptr);
}

const std::atomic<bool>& stop_flag() { return g_stop; }
bool stop_requested() { return g_stop.load(); }
int stop_signal() { return g_stop_signal.load(); }
// A plain load first: this runs before every line.
bool take_reload() { return g_reload.load(std::memory_order_relaxed) && g_reload.exchange(false); }

}  // namespace rulejit::cli::run_signals
