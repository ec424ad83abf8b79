#include "runtime/functions/c_api.h"

#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "runtime/functions/matchers.h"
#include "runtime/functions/network.h"
#include "runtime/functions/regex.h"

using rulejit::rt::Cidr;
using rulejit::rt::GlobPattern;
using rulejit::rt::LikePattern;
using rulejit::rt::Regex;

struct rj_glob {
  GlobPattern pattern;
};
struct rj_like {
  LikePattern pattern;
};
struct rj_regex {
  std::shared_ptr<const Regex> re;
};
struct rj_cidr {
  Cidr cidr;
};

namespace {

std::string_view view(const char* s, size_t n) { return n ? std::string_view(s, n) : std::string_view(); }

}  // namespace

extern "C" {

int rj_eq_ci(const char* a, size_t an, const char* b, size_t bn) {
  return rulejit::rt::eq_ci(view(a, an), view(b, bn)) ? 1 : 0;
}

rj_glob* rj_glob_new(const char* pattern, size_t n, int case_sensitive) {
  try {
    return new rj_glob{GlobPattern(view(pattern, n), case_sensitive != 0)};
  } catch (...) {
    return nullptr;
  }
}
int rj_glob_match(const rj_glob* g, const char* s, size_t n) { return g && g->pattern.match(view(s, n)) ? 1 : 0; }
void rj_glob_free(rj_glob* g) { delete g; }

int rj_glob_match_ci(const char* pattern, size_t pn, const char* s, size_t n) {
  try {
    return rulejit::rt::glob_match_ci(view(pattern, pn), view(s, n)) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

rj_like* rj_like_new(const char* pattern, size_t n) {
  try {
    return new rj_like{LikePattern(view(pattern, n))};
  } catch (...) {
    return nullptr;
  }
}
int rj_like_match(const rj_like* l, const char* s, size_t n) { return l && l->pattern.match(view(s, n)) ? 1 : 0; }
void rj_like_free(rj_like* l) { delete l; }

rj_regex* rj_regex_new(const char* pattern, size_t n, char* err, size_t err_cap) {
  try {
    std::string error;
    auto re = Regex::compile(view(pattern, n), &error);
    if (!re) {
      if (err && err_cap) {
        size_t k = std::min(err_cap - 1, error.size());
        std::memcpy(err, error.data(), k);
        err[k] = '\0';
      }
      return nullptr;
    }
    return new rj_regex{std::move(re)};
  } catch (...) {
    return nullptr;
  }
}
int rj_regex_match(const rj_regex* r, const char* s, size_t n) {
  if (!r) return 0;
  switch (r->re->search(view(s, n))) {
    case Regex::Status::kMatch:
      return 1;
    case Regex::Status::kNoMatch:
      return 0;
    default:
      return -1;
  }
}
void rj_regex_free(rj_regex* r) { delete r; }

rj_cidr* rj_cidr_new(const char* cidr, size_t n) {
  auto c = rulejit::rt::parse_cidr(view(cidr, n));
  if (!c) return nullptr;
  return new (std::nothrow) rj_cidr{*c};
}
int rj_cidr_match(const rj_cidr* c, const char* ip, size_t n) { return c && c->cidr.contains(view(ip, n)) ? 1 : 0; }
void rj_cidr_free(rj_cidr* c) { delete c; }

}  // extern "C"
