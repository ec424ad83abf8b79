#include "compiler/pack/regex_literals.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>

namespace rulejit {
namespace {

// A literal with where it sits in the piece of pattern that gave it.
struct Lit {
  RegexLiteral lit;
  bool at_start = false, at_end = false;  // the piece's match starts / ends with it
};
using Lits = std::optional<std::vector<Lit>>;

size_t score(const std::vector<Lit>& ls) {
  if (ls.empty()) return 0;
  size_t s = SIZE_MAX;
  for (const auto& l : ls) s = std::min(s, l.lit.text.size() + 2 * l.lit.word_start + 2 * l.lit.word_end);
  return s;
}

bool plain(char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' && c != '*'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  Lits parse() {
    Lits out = alternation();
    if (failed_ || i_ != p_.size()) return std::nullopt;
    return out;
  }

 private:
  // One element of a sequence.
  struct Item {
    enum Kind { Run, Group, WordBoundary, Other } kind = Other;
    std::string text;  // Run
    Lits lits;         // Group
    bool repeated = false;  // the run / group may repeat right after itself
  };

  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }
  bool fail() {
    failed_ = true;
    return false;
  }

  Lits alternation() {
    std::vector<Lit> all;
    bool every_branch = true;
    for (;;) {
      Lits s = sequence();
      if (failed_) return std::nullopt;
      if (!s || s->empty()) every_branch = false;
      else all.insert(all.end(), s->begin(), s->end());
      if (!at('|')) break;
      ++i_;
    }
    if (!every_branch) return std::nullopt;
    return all;
  }

  Lits sequence() {
    std::vector<Item> items;
    while (i_ < p_.size() && !at('|') && !at(')')) {
      if (!atom(items)) return std::nullopt;
    }
    // Candidates: each run and each group; \b next to them marks the ends.
    Lits best;
    for (size_t k = 0; k < items.size(); ++k) {
      const Item& it = items[k];
      if (it.kind != Item::Run && it.kind != Item::Group) continue;
      std::vector<Lit> ls;
      if (it.kind == Item::Run) {
        if (it.text.empty()) continue;
        ls.push_back({{it.text}, true, true});
      } else {
        if (!it.lits || it.lits->empty()) continue;
        ls = *it.lits;
      }
      const bool b_before = k > 0 && items[k - 1].kind == Item::WordBoundary;
      const bool b_after = k + 1 < items.size() && items[k + 1].kind == Item::WordBoundary && !it.repeated;
      for (Lit& l : ls) {
        // \b before a word byte: the byte before is not one (and so on).
        if (b_before && l.at_start && word(l.lit.text.front())) l.lit.word_start = true;
        if (b_after && l.at_end && word(l.lit.text.back())) l.lit.word_end = true;
        l.at_start = l.at_start && k == 0;
        l.at_end = l.at_end && k + 1 == items.size() && !it.repeated;
      }
      if (!best || score(ls) > score(*best)) best = std::move(ls);
    }
    return best;
  }

  // Quantifier after an atom: false when there is none; *min_one when the
  // atom must occur at least once.
  bool quantifier(bool* min_one) {
    if (i_ >= p_.size()) return false;
    const char c = p_[i_];
    if (c == '*' || c == '?') {
      *min_one = false;
      ++i_;
    } else if (c == '+') {
      *min_one = true;
      ++i_;
    } else if (c == '{') {
      size_t j = i_ + 1;
      size_t lo = j;
      while (j < p_.size() && is_digit(p_[j])) ++j;
      const bool has_min = j > lo;
      unsigned long min = has_min ? std::stoul(std::string(p_.substr(lo, std::min<size_t>(j - lo, 9)))) : 0;
      if (j < p_.size() && p_[j] == ',') {
        ++j;
        while (j < p_.size() && is_digit(p_[j])) ++j;
      }
      if (j >= p_.size() || p_[j] != '}') return fail();  // '{' as text: not modelled
      *min_one = min >= 1;
      i_ = j + 1;
    } else {
      return false;
    }
    if (at('?') || at('+')) ++i_;  // lazy / possessive
    return true;
  }

  // Appends one atom (with its quantifier) to items.
  bool atom(std::vector<Item>& items) {
    const char c = p_[i_];
    Item it;
    if (c == '(') {
      if (!group(it)) return false;
      if (it.kind == Item::Other && it.lits && it.lits->empty()) return true;  // (?i) and comments: nothing
    } else if (c == '[') {
      if (!char_class()) return false;
      it.kind = Item::Other;
    } else if (c == '\\') {
      if (!escape(it)) return false;
    } else if (c == '^' || c == '$' || c == '.') {
      ++i_;
      it.kind = Item::Other;
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
      return fail();  // a quantifier with nothing before it
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      ++i_;
      while (i_ < p_.size() && (static_cast<unsigned char>(p_[i_]) & 0xC0) == 0x80) ++i_;  // the whole character
      it.kind = Item::Other;
    } else {
      ++i_;
      it.kind = plain(c) ? Item::Run : Item::Other;
      it.text = std::string(1, c);
    }
    bool min_one = false;
    const bool quantified = quantifier(&min_one);
    if (failed_) return false;
    if (it.kind == Item::WordBoundary && quantified) it.kind = Item::Other;
    if (quantified && !min_one) it.kind = Item::Other;  // may be absent
    if (quantified && min_one) it.repeated = true;
    // Adjacent plain characters join one run; a repeated one ends it.
    if (it.kind == Item::Run && !items.empty() && items.back().kind == Item::Run && !items.back().repeated) {
      items.back().text += it.text;
      items.back().repeated = it.repeated;
      return true;
    }
    items.push_back(std::move(it));
    return true;
  }

  bool group(Item& it) {
    ++i_;  // '('
    bool capture_like = true;
    if (at('*')) return fail();  // verbs, (*pla:...) and the like
    if (at('?')) {
      ++i_;
      if (i_ >= p_.size()) return fail();
      const char c = p_[i_];
      if (c == '#') {  // comment
        while (i_ < p_.size() && p_[i_] != ')') ++i_;
        if (!at(')')) return fail();
        ++i_;
        it.kind = Item::Other;
        it.lits = std::vector<Lit>{};
        return true;
      }
      if (c == ':' || c == '|' || c == '>') {
        ++i_;
      } else if (c == '=' || c == '!') {
        ++i_;
        capture_like = false;  // lookahead: zero-width
      } else if (c == '<' && i_ + 1 < p_.size() && (p_[i_ + 1] == '=' || p_[i_ + 1] == '!')) {
        i_ += 2;
        capture_like = false;  // lookbehind
      } else if (c == '<' || c == '\'' || (c == 'P' && i_ + 1 < p_.size() && p_[i_ + 1] == '<')) {
        if (c == 'P') ++i_;
        const char close = p_[i_] == '\'' ? '\'' : '>';
        ++i_;
        while (i_ < p_.size() && p_[i_] != close) {
          const char n = p_[i_];
          if (!(std::isalnum(static_cast<unsigned char>(n)) || n == '_')) return fail();
          ++i_;
        }
        if (!at(close)) return fail();
        ++i_;
      } else {
        // Inline options: (?imsn-imsn) or (?i:...). Extended mode changes
        // what the rest means: not modelled.
        size_t j = i_;
        while (j < p_.size() && (std::isalpha(static_cast<unsigned char>(p_[j])) || p_[j] == '-' || p_[j] == '^')) {
          if (p_[j] == 'x') return fail();
          if (std::isalpha(static_cast<unsigned char>(p_[j])) && !std::strchr("imsnUJ", p_[j])) return fail();
          ++j;
        }
        if (j == i_ || j >= p_.size()) return fail();
        if (p_[j] == ')') {
          i_ = j + 1;
          it.kind = Item::Other;
          it.lits = std::vector<Lit>{};  // nothing to add to the sequence
          return true;
        }
        if (p_[j] != ':') return fail();
        i_ = j + 1;
      }
    }
    Lits inner = alternation();
    if (failed_ || !at(')')) return fail();
    ++i_;
    if (!capture_like) {
      it.kind = Item::Other;
      return true;
    }
    it.kind = Item::Group;
    it.lits = std::move(inner);
    return true;
  }

  bool char_class() {
    ++i_;  // '['
    if (at('^')) ++i_;
    if (at(']')) ++i_;  // a leading ']' is a member
    while (i_ < p_.size() && p_[i_] != ']') {
      if (p_[i_] == '\\') {
        i_ += 2;
        if (i_ < p_.size() && p_[i_] == '{' && p_[i_ - 1] != '\0' && std::strchr("xopPN", p_[i_ - 1])) {
          while (i_ < p_.size() && p_[i_] != '}') ++i_;
          ++i_;
        }
      } else if (p_[i_] == '[' && i_ + 1 < p_.size() && (p_[i_ + 1] == ':' || p_[i_ + 1] == '.' || p_[i_ + 1] == '=')) {
        const char kind = p_[i_ + 1];
        const size_t end = p_.find(std::string{kind, ']'}, i_ + 2);
        if (end == std::string_view::npos) return fail();
        i_ = end + 2;
      } else {
        ++i_;
      }
    }
    if (!at(']')) return fail();
    ++i_;
    return true;
  }

  bool escape(Item& it) {
    if (i_ + 1 >= p_.size()) return fail();
    const char e = p_[i_ + 1];
    i_ += 2;
    it.kind = Item::Other;
    if (e == 'b') {
      it.kind = Item::WordBoundary;
      return true;
    }
    if (e != '\0' && std::strchr("dDsSwWhHvVRXBAzZGKntrfea", e)) return true;
    if (e == 'N') {
      if (at('{')) return fail();
      return true;
    }
    if (e == 'x') {
      if (at('{')) {
        while (i_ < p_.size() && p_[i_] != '}') ++i_;
        if (!at('}')) return fail();
        ++i_;
      } else {
        for (int k = 0; k < 2 && i_ < p_.size() && std::isxdigit(static_cast<unsigned char>(p_[i_])); ++k) ++i_;
      }
      return true;
    }
    if (e == 'p' || e == 'P' || e == 'o') {
      if (at('{')) {
        while (i_ < p_.size() && p_[i_] != '}') ++i_;
        if (!at('}')) return fail();
        ++i_;
      } else if (e == 'o') {
        return fail();
      } else {
        if (i_ >= p_.size()) return fail();
        ++i_;  // one-letter property
      }
      return true;
    }
    if (e == 'c') {
      if (i_ >= p_.size()) return fail();
      ++i_;
      return true;
    }
    if (std::isalnum(static_cast<unsigned char>(e)) || static_cast<unsigned char>(e) >= 0x80)
      return fail();  // backreferences, \Q, \E, \g, \k, octal, unknown
    // An escaped punctuation character is itself.
    it.kind = plain(e) ? Item::Run : Item::Other;
    it.text = std::string(1, e);
    return true;
  }

  std::string_view p_;
  size_t i_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<std::vector<RegexLiteral>> regex_literals(std::string_view pattern) {
  Lits l = Parser(pattern).parse();
  if (!l || l->empty()) return std::nullopt;
  std::vector<RegexLiteral> out;
  for (auto& x : *l) {
    if (x.lit.text.empty()) return std::nullopt;
    if (std::find(out.begin(), out.end(), x.lit) == out.end()) out.push_back(std::move(x.lit));
  }
  return out;
}

std::vector<std::string> unicode_case_alternatives(const std::vector<std::string>& texts) {
  bool k = false, s = false;
  for (const auto& t : texts)
    for (char c : t) {
      k = k || c == 'k' || c == 'K';
      s = s || c == 's' || c == 'S';
    }
  std::vector<std::string> out;
  if (k) out.push_back("\xE2\x84\xAA");  // U+212A KELVIN SIGN
  if (s) out.push_back("\xC5\xBF");      // U+017F LATIN SMALL LETTER LONG S
  return out;
}

}  // namespace rulejit
