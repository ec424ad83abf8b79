// A nats-server with JetStream on a free loopback port, for the scale-out
// tests: started in the constructor, killed (and its storage removed) in
// the destructor; stop() and start() restart it on the same port and
// storage. installed() is false when nats-server is not installed; tests
// then GTEST_SKIP.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace scaleout_test {

inline std::string find_nats_server() {
  for (const char* p : {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"})
    if (::access(p, X_OK) == 0) return p;
  return "";
}

// A port the kernel just handed out (free now; another process could take
// it before the server binds, which the tests would report as a failure).
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

inline bool can_connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

class NatsServer {
 public:
  explicit NatsServer(const std::filesystem::path& storage) : storage_(storage) {
    if (find_nats_server().empty()) return;
    port_ = free_port();
    if (port_ <= 0) return;
    std::filesystem::create_directories(storage_);
    start();
  }
  ~NatsServer() {
    kill_now();
    std::error_code ec;
    std::filesystem::remove_all(storage_, ec);
  }
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // Starts the server (again: same port, same storage); true once it accepts connections.
  bool start() {
    const std::string exe = find_nats_server();
    const std::string port = std::to_string(port_), dir = storage_.string(), log = (storage_ / "server.log").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      FILE* f = std::freopen(log.c_str(), "a", stderr);
      (void)f;
      ::execl(exe.c_str(), exe.c_str(), "-js", "-a", "127.0.0.1", "-p", port.c_str(), "-sd", dir.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    up_ = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (can_connect(port_)) {
        up_ = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return up_;
  }
  // A clean shutdown (SIGTERM: JetStream flushes its files), storage kept.
  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    up_ = false;
  }

  static bool installed() { return !find_nats_server().empty(); }
  bool up() const { return up_; }
  const std::filesystem::path& storage() const { return storage_; }
  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }

 private:
  std::filesystem::path storage_;
  int port_ = -1;
  pid_t pid_ = -1;
  bool up_ = false;
  void kill_now() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
};

}  // namespace scaleout_test
