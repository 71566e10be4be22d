// Sum over the middle axis of x viewed as [outer, reduce, inner]: every reduction over one contiguous
// block of axes (the bias gradient of a dense layer is [N, units] summed over N: outer 1, inner units).
// Accumulates in double and rounds once, like tfjs-backend-cpu (kernels/Sum.ts sums in JS numbers).
#include <vector>

#include "kernels.h"

namespace sobolev {

void sumMiddleAxis(const float* x, float* y, int64_t outer, int64_t reduce, int64_t inner) {
  if (inner == 1) {
    for (int64_t o = 0; o < outer; ++o) {
      const float* xo = x + o * reduce;
      double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // independent sums, so the loop vectorises
      int64_t r = 0;
      for (; r + 8 <= reduce; r += 8) {
        for (int l = 0; l < 8; ++l) lanes[l] += xo[r + l];
      }
      double s = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
      for (; r < reduce; ++r) s += xo[r];
      y[o] = static_cast<float>(s);
    }
    return;
  }
  std::vector<double> acc(static_cast<size_t>(inner));
  for (int64_t o = 0; o < outer; ++o) {
    std::fill(acc.begin(), acc.end(), 0.0);
    const float* xo = x + o * reduce * inner;
    for (int64_t r = 0; r < reduce; ++r) {
      const float* xr = xo + r * inner;
      for (int64_t i = 0; i < inner; ++i) acc[i] += xr[i];
    }
    for (int64_t i = 0; i < inner; ++i) y[o * inner + i] = static_cast<float>(acc[i]);
  }
}

}  // namespace sobolev
