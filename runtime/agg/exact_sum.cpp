#include "runtime/agg/exact_sum.h"

#include <cmath>
#include <cstring>
#include <utility>

namespace rulejit::rt {

ExactSum& ExactSum::operator=(const ExactSum& o) {
  if (this == &o) return *this;
  heap_.reset();
  cap_ = kInline;
  size_ = 0;
  for (double p : o.partials()) push(p);
  has_special_ = o.has_special_;
  special_ = o.special_;
  return *this;
}

void ExactSum::push(double x) {
  if (size_ == cap_) {
    const uint32_t cap = cap_ * 2;
    auto bigger = std::make_unique<double[]>(cap);
    std::memcpy(bigger.get(), data(), size_ * sizeof(double));
    heap_ = std::move(bigger);
    cap_ = cap;
  }
  data()[size_++] = x;
}

// Shewchuk's grow-expansion (Python's msum): x joins the partials; each
// step replaces a pair by its rounded sum and the exact rounding error.
void ExactSum::add(double x) {
  if (!std::isfinite(x)) {
    add_special(x);
    return;
  }
  double* p = data();
  uint32_t kept = 0;
  for (uint32_t j = 0; j < size_; ++j) {
    double y = p[j];
    if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
    const double hi = x + y;
    if (!std::isfinite(hi)) {  // the partial sum overflowed: no exact form left
      add_special(hi);
      size_ = kept;
      return;
    }
    const double lo = y - (hi - x);
    if (lo != 0) p[kept++] = lo;
    x = hi;
  }
  size_ = kept;
  push(x);
}

void ExactSum::add(const ExactSum& other) {
  // Copy first: `other` may be *this.
  const uint32_t n = other.size_;
  double small[kInline * 4];
  std::unique_ptr<double[]> big;
  double* terms = small;
  if (n > sizeof small / sizeof small[0]) {
    big = std::make_unique<double[]>(n);
    terms = big.get();
  }
  std::memcpy(terms, other.data(), n * sizeof(double));
  const bool special = other.has_special_;
  const double sv = other.special_;
  for (uint32_t i = 0; i < n; ++i) add(terms[i]);
  if (special) add_special(sv);
}

// Python's fsum final step: sum the partials from the largest down until the
// sum becomes inexact, then correct for round-half-even across the rest.
double ExactSum::value() const {
  if (has_special_) return special_;
  const double* p = data();
  uint32_t n = size_;
  if (n == 0) return 0;
  double hi = p[--n], lo = 0;
  while (n > 0) {
    const double x = hi, y = p[--n];
    hi = x + y;
    const double yr = hi - x;
    lo = y - yr;
    if (lo != 0) break;
  }
  if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
    const double y = lo * 2, x = hi + y, yr = x - hi;
    if (y == yr) hi = x;
  }
  return hi;
}

void two_product(double x, double y, double& hi, double& lo) {
  hi = x * y;
  lo = std::isfinite(hi) ? std::fma(x, y, -hi) : 0;
}

}  // namespace rulejit::rt
