#include "runtime/events/raw_search.h"

#include <algorithm>
#include <vector>

namespace rulejit::rt {

bool is_major_breaker(char c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\r': case '[': case ']': case '<': case '>':
    case '(': case ')': case '{': case '}': case '|': case '!': case ';': case ',':
    case '\'': case '"': case '*': case '&': case '?': case '+':
      return true;
    default:
      return false;
  }
}

bool is_minor_breaker(char c) {
  switch (c) {
    case '/': case ':': case '=': case '@': case '.': case '-': case '$': case '#':
    case '%': case '\\': case '_':
      return true;
    default:
      return false;
  }
}

namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Is there a major break between raw[k-1] and raw[k]? "--" counts as one.
bool major_boundary(std::string_view raw, size_t k) {
  if (k == 0 || k == raw.size()) return true;
  if (is_major_breaker(raw[k - 1]) || is_major_breaker(raw[k])) return true;
  if (raw[k - 1] == '-' && k >= 2 && raw[k - 2] == '-') return true;
  if (raw[k] == '-' && k + 1 < raw.size() && raw[k + 1] == '-') return true;
  return false;
}

bool any_boundary(std::string_view raw, size_t k) {
  if (k == 0 || k == raw.size()) return true;
  const char a = raw[k - 1], b = raw[k];
  return is_major_breaker(a) || is_major_breaker(b) || is_minor_breaker(a) || is_minor_breaker(b);
}

bool is_breaker(char c) { return is_major_breaker(c) || is_minor_breaker(c); }

// NFA simulation of the term over raw: state i = "term[0..i) matched".
// Linear in |raw| * |term|; no backtracking, so hostile input cannot blow up.
bool search(std::string_view raw, std::string_view term, bool wildcards, bool major_only) {
  if (term.empty()) return false;
  const size_t m = term.size();
  auto star = [&](size_t i) { return wildcards && term[i] == '*'; };
  // A boundary is needed only where the term itself starts/ends with a token
  // character ('*' counts as one).
  const bool need_left = star(0) || !is_breaker(term[0]);
  const bool need_right = star(m - 1) || !is_breaker(term[m - 1]);
  auto boundary = [&](size_t k) { return major_only ? major_boundary(raw, k) : any_boundary(raw, k); };

  std::vector<char> cur(m + 1, 0), nxt(m + 1, 0);
  auto close = [&](std::vector<char>& s) {
    for (size_t i = 0; i < m; ++i) {
      if (s[i] && star(i)) s[i + 1] = 1;  // '*' may match nothing
    }
  };
  for (size_t k = 0;; ++k) {
    if (!need_left || boundary(k)) cur[0] = 1;
    close(cur);
    if (cur[m] && (!need_right || boundary(k))) return true;
    if (k == raw.size()) return false;
    const char c = raw[k];
    const char fc = fold(c);
    std::fill(nxt.begin(), nxt.end(), 0);
    for (size_t i = 0; i < m; ++i) {
      if (!cur[i]) continue;
      if (star(i)) {
        if (!is_major_breaker(c)) nxt[i] = 1;
      } else if (fold(term[i]) == fc) {
        nxt[i + 1] = 1;
      }
    }
    cur.swap(nxt);
  }
}

}  // namespace

bool raw_has_term(std::string_view raw, std::string_view term) {
  return search(raw, term, true, false);
}

bool raw_has_phrase(std::string_view raw, std::string_view phrase) {
  return search(raw, phrase, false, false);
}

bool raw_has_exact_term(std::string_view raw, std::string_view term) {
  return search(raw, term, true, true);
}

}  // namespace rulejit::rt
