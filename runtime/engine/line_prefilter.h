// LinePrefilter: one scan of an event's raw line tells which rule bindings
// can still match it (the pack's raw-line prefilter; the plan of literals is
// built by compiler/pack/prefilter_plan.h, which says why it is exact).
//
// Contract:
//  - Built once per engine from one BindingLiterals per pack binding: a
//    binding is a candidate for a line when it is `always`, or when the line
//    holds one of its literals (ASCII case-insensitive). Literals of every
//    binding are matched together in one Hyperscan database (literal mode,
//    so no byte of a literal is a regex operator).
//  - A line holding a `\u` or `\/` escape makes every binding a candidate:
//    an escaped value could spell a literal in other bytes.
//  - A literal marked kWordStart / kWordEnd (a regex's `\b`) counts only
//    where the line's byte before / after it is not [A-Za-z0-9_] (or the
//    line starts / ends there). A JSON escape `\b \f \n \r \t` right
//    before it counts as such a byte: it stands for a control character.
//  - A literal marked kValueEnd ends with the closing quote of a string
//    value: it counts only where the next byte past JSON spaces is not ':'
//    (a key such as "id" is not the value "id").
//  - scan() writes one byte per binding (1 = candidate) and is not
//    thread-safe (one scratch space per prefilter, like the engine).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;  // Hyperscan's, kept out of this header
struct hs_scratch;

namespace rulejit::rt {

inline constexpr uint8_t kWordStart = 1, kWordEnd = 2, kValueEnd = 4;

struct BindingLiterals {
  bool always = true;               // no literal requirement was found
  std::vector<std::string> any_of;  // lower-case; one of them must occur (ASCII case-insensitive)
  std::vector<uint8_t> word;        // per any_of entry: kWordStart | kWordEnd | kValueEnd (empty: none)
  std::string why;                  // which filter gave them (for explain)
};

class LinePrefilter {
 public:
  // nullptr with *error when Hyperscan cannot compile the literals (callers
  // then treat every binding as a candidate: never a failed pack).
  static std::unique_ptr<LinePrefilter> build(const std::vector<BindingLiterals>& bindings, std::string* error);
  ~LinePrefilter();
  LinePrefilter(const LinePrefilter&) = delete;
  LinePrefilter& operator=(const LinePrefilter&) = delete;

  void scan(std::string_view line, uint8_t* candidates);
  size_t bindings() const { return always_.size(); }
  size_t literals() const { return literal_bindings_.size(); }
  // Bytes of Hyperscan database and scratch (reported by explain and bench).
  size_t memory_bytes() const;

 private:
  LinePrefilter() = default;
  static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void* ctx);

  std::vector<uint8_t> always_;                        // per binding
  std::vector<std::vector<uint32_t>> literal_bindings_;  // literal id -> bindings needing it
  std::vector<uint8_t> literal_word_;                  // literal id -> kWordStart | kWordEnd
  std::vector<uint32_t> literal_size_;                 // literal id -> bytes
  unsigned escape_id_ = 0;                             // ids >= this: an escape was seen
  ::hs_database* db_ = nullptr;
  ::hs_scratch* scratch_ = nullptr;
  uint8_t* current_ = nullptr;  // candidates of the scan in progress
  std::string_view line_;       // the line of the scan in progress
  bool escape_seen_ = false;
};

}  // namespace rulejit::rt
