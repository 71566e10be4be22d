// SiLU, x·σ(x), and its gradient, each in one pass (the activation of the diffusion U-Nets, lib/models/silu.ts):
// tfjs composes the forward from Sigmoid and Multiply and the gradient from six Multiply, Sub and Add kernels, each a
// pass over the whole activation ([48, 28, 28, 16] in the bench's U-Net). σ goes through `unary`, glibc's vector
// expf where the build has it, in blocks small enough to stay in the first-level cache.
#include <algorithm>

#include "kernels.h"

namespace sobolev {

namespace {
constexpr int64_t BLOCK = 1024;
}

void siluForward(const float* x, float* y, int64_t n) {
  float s[BLOCK];
  for (int64_t start = 0; start < n; start += BLOCK) {
    const int64_t len = std::min(BLOCK, n - start);
    unary(Unary::Sigmoid, x + start, s, len);
    for (int64_t i = 0; i < len; ++i) y[start + i] = x[start + i] * s[i];
  }
}

// d/dx x σ(x) = σ + x σ (1 − σ) = σ (1 + x (1 − σ)).
void siluBackward(const float* x, const float* dy, float* dx, int64_t n) {
  float s[BLOCK];
  for (int64_t start = 0; start < n; start += BLOCK) {
    const int64_t len = std::min(BLOCK, n - start);
    unary(Unary::Sigmoid, x + start, s, len);
    for (int64_t i = 0; i < len; ++i) {
      const float v = x[start + i];
      dx[start + i] = dy[start + i] * (s[i] * (1.0f + v * (1.0f - s[i])));
    }
  }
}

}  // namespace sobolev
