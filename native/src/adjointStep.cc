// One step of the adjoint sweep of lib/models/reverseGradient.ts, ḡ_{l−1} = (ḡ_l ⊙ φ′_l) W_lᵀ, as one call each way,
// where the unfused ops take a product and a matrix product forward and, in the reverse pass, two matrix products,
// two products with their casts and, for a broadcast ḡ, a reduction. The forward value is the unfused ops' float32
// operations in their order (δ = ḡ ⊙ φ′ rounded, then the same sgemm), so it is bitwise the same.
#include <algorithm>
#include <vector>

#include "kernels.h"

namespace sobolev {

namespace {

// δ = ḡ ⊙ φ′ of one member into `delta` [n, wOut]; ḡ has n rows or one (the same for every point).
void deltaOf(const float* g, bool gShared, const float* slope, int64_t n, int64_t wOut, float* delta) {
  for (int64_t p = 0; p < n; ++p) {
    const float* gp = gShared ? g : g + p * wOut;
    const float* sp = slope + p * wOut;
    float* dp = delta + p * wOut;
    for (int64_t u = 0; u < wOut; ++u) dp[u] = gp[u] * sp[u];
  }
}

}  // namespace

void adjointStepForward(const AdjointStepSizes& z, const float* g, const float* slope, const float* w, float* out) {
  std::vector<float> delta(z.n * z.wOut);
  for (int64_t s = 0; s < z.members; ++s) {
    deltaOf(g + s * (z.gShared ? 1 : z.n) * z.wOut, z.gShared, slope + s * z.n * z.wOut, z.n, z.wOut, delta.data());
    sgemm(false, true, z.n, z.wIn, z.wOut, delta.data(), z.wOut, w + s * z.wIn * z.wOut, z.wOut, 0.0f, out + s * z.n * z.wIn, z.wIn);
  }
}

void adjointStepBackward(const AdjointStepSizes& z, const float* dOut, const float* g, const float* slope, const float* w, float* dg, float* dSlope,
                         float* dW) {
  std::vector<float> dDelta(z.n * z.wOut), delta(z.n * z.wOut);
  std::vector<double> shared(z.gShared ? z.wOut : 0);
  for (int64_t s = 0; s < z.members; ++s) {
    const float* gs = g + s * (z.gShared ? 1 : z.n) * z.wOut;
    const float* ss = slope + s * z.n * z.wOut;
    const float* dos = dOut + s * z.n * z.wIn;
    // dδ = d out · W;  dφ′ = dδ ⊙ ḡ;  dḡ = dδ ⊙ φ′ (summed over the points for a shared ḡ, in double);  dW = d outᵀ δ.
    sgemm(false, false, z.n, z.wOut, z.wIn, dos, z.wIn, w + s * z.wIn * z.wOut, z.wOut, 0.0f, dDelta.data(), z.wOut);
    float* dss = dSlope + s * z.n * z.wOut;
    std::fill(shared.begin(), shared.end(), 0.0);
    for (int64_t p = 0; p < z.n; ++p) {
      const float* gp = z.gShared ? gs : gs + p * z.wOut;
      const float* dd = dDelta.data() + p * z.wOut;
      const float* sp = ss + p * z.wOut;
      for (int64_t u = 0; u < z.wOut; ++u) dss[p * z.wOut + u] = dd[u] * gp[u];
      if (z.gShared) {
        for (int64_t u = 0; u < z.wOut; ++u) shared[u] += dd[u] * sp[u];
      } else {
        float* dgp = dg + (s * z.n + p) * z.wOut;
        for (int64_t u = 0; u < z.wOut; ++u) dgp[u] = dd[u] * sp[u];
      }
    }
    if (z.gShared) {
      for (int64_t u = 0; u < z.wOut; ++u) dg[s * z.wOut + u] = static_cast<float>(shared[u]);
    }
    deltaOf(gs, z.gShared, ss, z.n, z.wOut, delta.data());
    sgemm(true, false, z.wIn, z.wOut, z.n, dos, z.wIn, delta.data(), z.wOut, 0.0f, dW + s * z.wIn * z.wOut, z.wOut);
  }
}

}  // namespace sobolev
