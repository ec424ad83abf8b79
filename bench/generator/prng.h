// Deterministic pseudo-random numbers for the event generator.
//
// Contract: for a given seed every method returns the same sequence on every
// platform and standard library. Only integer arithmetic and IEEE-754 basic
// operations (+ - * /) are used; no std::random_device, no std:: distributions
// (their algorithms are implementation-defined) and no libm calls.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rulejit::bench {

// SplitMix64: used to expand one 64-bit seed into the xoshiro state and to
// derive independent sub-seeds.
inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// __extension__ keeps -Wpedantic quiet about the GCC/Clang 128-bit type.
__extension__ using u128 = unsigned __int128;

// xoshiro256** 1.0 (Blackman & Vigna), public-domain algorithm.
class Rng {
 public:
  explicit Rng(uint64_t seed = 0) { reseed(seed); }

  void reseed(uint64_t seed) {
    uint64_t sm = seed;
    for (auto& w : s_) w = splitmix64(sm);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n == 0 returns 0. Lemire's multiply-shift with
  // rejection, so the result is exactly uniform.
  uint64_t below(uint64_t n) {
    if (n == 0) return 0;
    u128 m = static_cast<u128>(next()) * n;
    auto lo = static_cast<uint64_t>(m);
    if (lo < n) {
      const uint64_t threshold = (0 - n) % n;
      while (lo < threshold) {
        m = static_cast<u128>(next()) * n;
        lo = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform integer in [lo, hi] (inclusive).
  uint64_t range(uint64_t lo, uint64_t hi) { return hi <= lo ? lo : lo + below(hi - lo + 1); }

  // Uniform double in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  bool chance(double p) { return unit() < p; }

  // Exponentially distributed value with the given mean (for Poisson gaps).
  double exponential(double mean) { return mean * neg_log(1.0 - unit()); }

  // Index drawn with probability proportional to weights[i].
  template <typename W>
  size_t weighted(const W* weights, size_t n) {
    uint64_t total = 0;
    for (size_t i = 0; i < n; ++i) total += weights[i];
    uint64_t r = below(total);
    for (size_t i = 0; i < n; ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return n - 1;
  }

  // -ln(x) for x in (0, 1], computed with basic IEEE operations only so the
  // result does not depend on the C library's log().
  static double neg_log(double x) {
    if (!(x > 0.0)) return 40.0;
    int e = 0;
    while (x < 0.5) {  // bring the mantissa into [0.5, 1)
      x *= 2.0;
      ++e;
    }
    // ln(x) = 2 atanh((x-1)/(x+1)); |y| <= 1/3 so 20 terms are plenty.
    const double y = (x - 1.0) / (x + 1.0);
    const double y2 = y * y;
    double term = y, sum = 0.0;
    for (int k = 1; k < 40; k += 2) {
      sum += term / k;
      term *= y2;
    }
    constexpr double kLn2 = 0.693147180559945309417232121458;
    return e * kLn2 - 2.0 * sum;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace rulejit::bench
