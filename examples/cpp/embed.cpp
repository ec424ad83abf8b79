// embed: rulejit's C API from C++ through a small RAII wrapper.
//
//   embed EVENTS.ndjson [RULES_DIR]
//
// Pushes every line of the file, flushes, then polls the results and prints
// each as "<rule name>: field=value ..." (multivalues as [a, b]), followed by
// per-rule counters. Errors become exceptions carrying the library's message.
#include <rulejit/rulejit.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rj {

struct Error : std::runtime_error {
  rulejit_status status;
  Error(rulejit_status s, const std::string& what) : std::runtime_error(what), status(s) {}
};

inline void check(rulejit_status s) {
  if (s != RULEJIT_OK) throw Error(s, std::string(rulejit_status_name(s)) + ": " + rulejit_last_error());
}

// A polled result; freed when it goes out of scope.
class Result {
 public:
  explicit Result(rulejit_result* r) : r_(r, &rulejit_result_free) {}
  std::string_view json() const {
    const char* p;
    size_t n;
    check(rulejit_result_json(r_.get(), &p, &n));
    return {p, n};
  }
  std::string rule_name() const {
    const char* name;
    check(rulejit_result_rule(r_.get(), nullptr, nullptr, &name));
    return name;
  }
  // (field, values) in output order.
  std::vector<std::pair<std::string, std::vector<std::string>>> fields() const {
    size_t count;
    check(rulejit_result_field_count(r_.get(), &count));
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (size_t i = 0; i < count; ++i) {
      const char* name;
      size_t nvalues;
      check(rulejit_result_field(r_.get(), i, &name, nullptr, &nvalues));
      std::vector<std::string> values;
      for (size_t v = 0; v < nvalues; ++v) {
        const char* text;
        size_t len;
        check(rulejit_result_value(r_.get(), i, v, &text, &len));
        values.emplace_back(text, len);
      }
      out.emplace_back(name, std::move(values));
    }
    return out;
  }

 private:
  std::unique_ptr<rulejit_result, rulejit_status (*)(rulejit_result*)> r_;
};

class Engine {
 public:
  explicit Engine(const rulejit_sources* sources = nullptr, const rulejit_options* options = nullptr) {
    check(rulejit_engine_create(sources, options, &e_));
  }
  ~Engine() {
    if (e_) rulejit_engine_destroy(e_);
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  Engine(Engine&& o) noexcept : e_(std::exchange(o.e_, nullptr)) {}

  void push(std::string_view event) { check(rulejit_engine_push(e_, event.data(), event.size(), nullptr)); }
  void flush() { check(rulejit_engine_flush(e_)); }
  std::optional<Result> poll() {
    rulejit_result* r = nullptr;
    rulejit_status s = rulejit_engine_poll(e_, &r);
    if (s == RULEJIT_EMPTY) return std::nullopt;
    check(s);
    return Result(r);
  }
  rulejit_stats stats() {
    rulejit_stats st{};
    st.struct_size = sizeof st;
    check(rulejit_engine_stats(e_, &st));
    return st;
  }
  rulejit_rule_info rule(uint32_t i) {
    rulejit_rule_info ri{};
    ri.struct_size = sizeof ri;
    check(rulejit_engine_rule_info(e_, i, &ri));
    return ri;
  }

 private:
  rulejit_engine* e_ = nullptr;
};

}  // namespace rj

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: embed EVENTS.ndjson [RULES_DIR]\n";
    return 2;
  }
  try {
    rulejit_sources sources{};
    if (argc > 2) sources.rules = argv[2];
    rj::Engine engine(&sources);

    std::ifstream in(argv[1]);
    if (!in) throw std::runtime_error(std::string("cannot open ") + argv[1]);
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) engine.push(line);
    engine.flush();

    while (auto r = engine.poll()) {
      std::cout << r->rule_name() << ":";
      for (const auto& [name, values] : r->fields()) {
        std::cout << ' ' << name << '=';
        if (values.size() == 1) {
          std::cout << values[0];
        } else {
          std::cout << '[';
          for (size_t i = 0; i < values.size(); ++i) std::cout << (i ? ", " : "") << values[i];
          std::cout << ']';
        }
      }
      std::cout << '\n';
    }
    rulejit_stats st = engine.stats();
    std::cout << "events " << st.events << " malformed " << st.malformed << " results " << st.results << '\n';
    for (uint32_t i = 0; i < st.rule_count; ++i) {
      rulejit_rule_info ri = engine.rule(i);
      std::cout << "rule " << ri.name << " matches " << ri.matches << " results " << ri.results << '\n';
    }
  } catch (const std::exception& e) {
    std::cerr << "embed: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
