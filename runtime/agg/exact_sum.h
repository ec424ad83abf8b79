// ExactSum: the exact sum of a sequence of doubles, rounded once when read.
//
// Contract:
//  - The state is Shewchuk's non-overlapping partials (as Python's
//    math.fsum): a few doubles whose exact sum is the exact sum of every
//    finite term added. value() rounds that sum correctly (half to even).
//  - Hence value() depends only on the multiset of terms: not on their
//    order, nor on how they were split between accumulators that were then
//    merged (add(const ExactSum&)). Parallel and merged aggregations
//    (sum/avg/stdev/var) give the same bits as one pass.
//  - Non-finite terms (and the rare intermediate overflow of a partial near
//    DBL_MAX) go to a separate plain sum; when it is not zero-initialised
//    (any such term was seen) value() returns it (inf, -inf or nan).
//  - Most sums need one or two partials: they are stored inline; more spill
//    to the heap.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

namespace rulejit::rt {

class ExactSum {
 public:
  ExactSum() = default;
  ExactSum(const ExactSum& o) { *this = o; }
  ExactSum& operator=(const ExactSum& o);
  ExactSum(ExactSum&&) noexcept = default;
  ExactSum& operator=(ExactSum&&) noexcept = default;

  void add(double x);
  void add(const ExactSum& other);
  // The exact sum, correctly rounded.
  double value() const;
  // The partials, smallest magnitude first (for products and serialization).
  std::span<const double> partials() const { return {data(), size_}; }
  bool has_special() const { return has_special_; }
  double special() const { return special_; }
  // Heap bytes held (beyond sizeof).
  size_t heap_bytes() const { return heap_ ? cap_ * sizeof(double) : 0; }
  // A term outside the exact sum (non-finite); also restores a saved state.
  void add_special(double x) {
    special_ += x;
    has_special_ = true;
  }

 private:
  static constexpr uint32_t kInline = 2;
  double* data() { return heap_ ? heap_.get() : inline_; }
  const double* data() const { return heap_ ? heap_.get() : inline_; }
  void push(double x);

  double inline_[kInline] = {0, 0};
  std::unique_ptr<double[]> heap_;
  uint32_t size_ = 0, cap_ = kInline;
  bool has_special_ = false;
  double special_ = 0;
};

// x*y as hi + lo exactly (hi = the rounded product), barring over/underflow.
void two_product(double x, double y, double& hi, double& lo);

}  // namespace rulejit::rt
