// Numeric helpers shared by math.cpp (round) and conversion.cpp
// (tostring "commas").
//
// Contract: round_decimals(x, n) rounds half away from zero at the n-th
// decimal (n may be negative: -2 rounds to hundreds) using the shortest
// decimal text of x, so round(2.555, 2) = 2.56 as a reader expects even
// though the binary double is 2.55499999...; non-finite x is returned as is.
#pragma once

namespace rulejit::rt {

double round_decimals(double x, int n);

}  // namespace rulejit::rt
