// Data movement of the U-Net and the conv autoencoders, where tfjs-backend-wasm 4.22 loops in JavaScript or in
// scalar code: Concat and SplitV along an inner axis (one TypedArray.set per pixel: a [48, 28, 28, 48] SplitV took
// 9.6 ms), the nearest-neighbour resize and its gradient (10.6 ms for [48, 28, 28, 32] → [48, 14, 14, 32]), and
// LeakyRelu with its gradient's mask (Greater, Select). Copies, comparisons and LeakyRelu's one product, and the resize
// gradient adds the same float32 terms in the same order as WASM's kernel, so every output is bitwise WASM's (but for a
// one-pixel image with aligned corners, where WASM's gradient is wrong: lib/backend/nativeLayout.ts).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels.h"

namespace sobolev {

void copyRows(const float* src, int64_t srcStride, float* dst, int64_t dstStride, int64_t rows, int64_t width) {
  if (srcStride == width && dstStride == width) {
    std::memcpy(dst, src, sizeof(float) * rows * width);
    return;
  }
  for (int64_t r = 0; r < rows; ++r) std::memcpy(dst + r * dstStride, src + r * srcStride, sizeof(float) * width);
}

namespace {

// The source row (or column) of each output row of the forward resize, as WASM's kernels compute it
// (tfjs-backend-wasm ResizeNearestNeighbor.cc and ResizeNearestNeighborGrad.cc): scale = (in − a) / (out − a) in
// float32, a = 1 when aligning corners and out > 1, source = min(in − 1, trunc or round(i · scale)); without aligned
// corners i · scale ≥ 0, so truncating is the forward kernel's floor.
std::vector<int64_t> nearestSources(int64_t in, int64_t out, bool alignCorners) {
  const int64_t a = alignCorners && out > 1 ? 1 : 0;
  const float scale = static_cast<float>(in - a) / static_cast<float>(out - a);
  std::vector<int64_t> source(out);
  for (int64_t i = 0; i < out; ++i) {
    const float frac = static_cast<float>(i) * scale;
    source[i] = std::min<int64_t>(in - 1, static_cast<int64_t>(alignCorners ? std::round(frac) : frac));
  }
  return source;
}

}  // namespace

void resizeNearestGrad(const float* dy, float* dx, int64_t batch, int64_t yh, int64_t yw, int64_t xh, int64_t xw, int64_t depth,
                       bool alignCorners) {
  const std::vector<int64_t> row = nearestSources(xh, yh, alignCorners);
  const std::vector<int64_t> col = nearestSources(xw, yw, alignCorners);
  std::fill(dx, dx + batch * xh * xw * depth, 0.0f);
  // Scattering dy in row-major order adds, to each dx pixel, its dy pixels in the order WASM's gather visits them
  // (dy rows, then columns, ascending), starting from 0: the same float32 sums.
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t r = 0; r < yh; ++r) {
      float* dxRow = dx + (b * xh + row[r]) * xw * depth;
      const float* dyRow = dy + (b * yh + r) * yw * depth;
      for (int64_t c = 0; c < yw; ++c) {
        float* to = dxRow + col[c] * depth;
        const float* from = dyRow + c * depth;
        for (int64_t d = 0; d < depth; ++d) to[d] += from[d];
      }
    }
  }
}

void resizeNearest(const float* x, float* y, int64_t batch, int64_t xh, int64_t xw, int64_t yh, int64_t yw, int64_t depth) {
  const std::vector<int64_t> row = nearestSources(xh, yh, false), col = nearestSources(xw, yw, false);
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t r = 0; r < yh; ++r) {
      const float* from = x + (b * xh + row[r]) * xw * depth;
      float* to = y + (b * yh + r) * yw * depth;
      for (int64_t c = 0; c < yw; ++c) std::memcpy(to + c * depth, from + col[c] * depth, sizeof(float) * depth);
    }
  }
}

void greaterScalar(const float* x, float threshold, uint8_t* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = x[i] > threshold ? 1 : 0;
}

// Both branches read before the choice: with a load inside one, g++ 12 keeps the loop scalar and branchy, and a random
// mask mispredicts half the time (1.2 ms for [64, 14, 14, 16], against 0.4 for an Add of that size). The products of
// LeakyRelu are vectorised thanks to -fno-trapping-math (binding.gyp).
void selectFloats(const uint8_t* condition, const float* a, const float* b, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float t = a[i], e = b[i];
    out[i] = condition[i] != 0 ? t : e;
  }
}

void leakyRelu(const float* x, float alpha, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = x[i] < 0.0f ? alpha * x[i] : x[i];
}

}  // namespace sobolev
