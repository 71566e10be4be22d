// The Hessian rows of a layer's forward jet (lib/models/forwardJets.ts, `activate` at order 2) in one pass, with its
// reverse pass: per member, over the points and units e,
//   J′_i = φ′ ⊙ J_z,i,   H′_q = φ′ ⊙ H_z,q + φ″ ⊙ J_z,i ⊙ J_z,j   for the pairs q = (i, j), i ≤ j, row-major,
// where the unfused ops take two selection products, four products, a sum and, in the reverse pass, the reductions
// of every broadcast. The forward values are the unfused ops' float32 operations in their order (the selection
// products pick J_z,i exactly), so they are bitwise the same; the reverse pass sums its terms in its own order.
#include <algorithm>
#include <vector>

#include "kernels.h"

namespace sobolev {

namespace {

// J_z,i at point p, unit u: the first layer's J_z = ωW is the same for every point (Shared).
template <bool Shared>
inline const float* jacobianRow(const float* jz, int64_t s, int64_t i, int64_t d, int64_t n, int64_t w, int64_t p) {
  return Shared ? jz + (s * d + i) * w : jz + ((s * d + i) * n + p) * w;
}

template <bool Shared>
void forward(const HessianJetSizes& z, const float* jz, const float* hz, const float* f, const float* sec, float* jOut, float* hOut) {
  const int64_t m = z.n * z.w;
  for (int64_t s = 0; s < z.members; ++s) {
    const float* fs = f + s * m;
    const float* ss = sec + s * m;
    for (int64_t i = 0; i < z.d; ++i) {
      float* out = jOut + (s * z.d + i) * m;
      for (int64_t p = 0; p < z.n; ++p) {
        const float* ji = jacobianRow<Shared>(jz, s, i, z.d, z.n, z.w, p);
        for (int64_t u = 0; u < z.w; ++u) out[p * z.w + u] = ji[u] * fs[p * z.w + u];
      }
    }
    int64_t q = 0;
    for (int64_t i = 0; i < z.d; ++i) {
      for (int64_t j = i; j < z.d; ++j, ++q) {
        float* out = hOut + (s * z.pairs + q) * m;
        const float* hq = hz == nullptr ? nullptr : hz + (s * z.pairs + q) * m;
        for (int64_t p = 0; p < z.n; ++p) {
          const float* ji = jacobianRow<Shared>(jz, s, i, z.d, z.n, z.w, p);
          const float* jj = jacobianRow<Shared>(jz, s, j, z.d, z.n, z.w, p);
          const int64_t e0 = p * z.w;
          if (hq == nullptr) {
            for (int64_t u = 0; u < z.w; ++u) out[e0 + u] = (ji[u] * jj[u]) * ss[e0 + u];
          } else {
            for (int64_t u = 0; u < z.w; ++u) out[e0 + u] = hq[e0 + u] * fs[e0 + u] + (ji[u] * jj[u]) * ss[e0 + u];
          }
        }
      }
    }
  }
}

template <bool Shared>
void backward(const HessianJetSizes& z, const float* jz, const float* hz, const float* f, const float* sec, const float* dJ, const float* dH,
              float* df, float* dsec, float* djz, float* dhz) {
  const int64_t m = z.n * z.w, w = z.w;
  // A shared J_z's adjoint sums over the points: accumulated in double, rounded once.
  std::vector<double> shared(Shared ? z.d * w : 0);
  // dJ_z,i of one point (the rows of a point, so every loop below runs over its w units and vectorises).
  std::vector<float> row(z.d * w);
  for (int64_t s = 0; s < z.members; ++s) {
    std::fill(shared.begin(), shared.end(), 0.0);
    for (int64_t p = 0; p < z.n; ++p) {
      const int64_t e0 = s * m + p * w;
      const float* fp = f + e0;
      const float* sp = sec + e0;
      float* dfp = df + e0;
      float* dsp = dsec + e0;
      for (int64_t u = 0; u < w; ++u) dfp[u] = 0.0f, dsp[u] = 0.0f;
      // dφ′ = Σ_i dJ′_i J_z,i + Σ_q dH′_q H_z,q;  dJ_z,i = dJ′_i φ′ + Σ_{q ∋ i} dH′_q φ″ J_z,other (2 J_z,i for q = (i, i)).
      for (int64_t i = 0; i < z.d; ++i) {
        const float* g = dJ + (s * z.d + i) * m + p * w;
        const float* ji = jacobianRow<Shared>(jz, s, i, z.d, z.n, w, p);
        float* ri = row.data() + i * w;
        for (int64_t u = 0; u < w; ++u) {
          dfp[u] += g[u] * ji[u];
          ri[u] = g[u] * fp[u];
        }
      }
      int64_t q = 0;
      for (int64_t i = 0; i < z.d; ++i) {
        const float* ji = jacobianRow<Shared>(jz, s, i, z.d, z.n, w, p);
        for (int64_t j = i; j < z.d; ++j, ++q) {
          const float* jj = jacobianRow<Shared>(jz, s, j, z.d, z.n, w, p);
          const int64_t at = (s * z.pairs + q) * m + p * w;
          const float* g = dH + at;
          if (hz != nullptr) {
            const float* hq = hz + at;
            float* dhq = dhz + at;
            for (int64_t u = 0; u < w; ++u) {
              dfp[u] += g[u] * hq[u];
              dhq[u] = g[u] * fp[u];
            }
          }
          float* ri = row.data() + i * w;
          float* rj = row.data() + j * w;
          for (int64_t u = 0; u < w; ++u) {
            dsp[u] += g[u] * (ji[u] * jj[u]);
            const float gs = g[u] * sp[u];
            ri[u] += gs * jj[u];
            rj[u] += gs * ji[u];
          }
        }
      }
      for (int64_t i = 0; i < z.d; ++i) {
        const float* ri = row.data() + i * w;
        if (Shared) {
          double* acc = shared.data() + i * w;
          for (int64_t u = 0; u < w; ++u) acc[u] += ri[u];
        } else {
          float* out = djz + ((s * z.d + i) * z.n + p) * w;
          for (int64_t u = 0; u < w; ++u) out[u] = ri[u];
        }
      }
    }
    if (Shared) {
      for (int64_t k = 0; k < z.d * w; ++k) djz[s * z.d * w + k] = static_cast<float>(shared[k]);
    }
  }
}

}  // namespace

void hessianJetForward(const HessianJetSizes& z, const float* jz, const float* hz, const float* f, const float* sec, float* jOut, float* hOut) {
  if (z.jzShared) forward<true>(z, jz, hz, f, sec, jOut, hOut);
  else forward<false>(z, jz, hz, f, sec, jOut, hOut);
}

void hessianJetBackward(const HessianJetSizes& z, const float* jz, const float* hz, const float* f, const float* sec, const float* dJ,
                        const float* dH, float* df, float* dsec, float* djz, float* dhz) {
  if (z.jzShared) backward<true>(z, jz, hz, f, sec, dJ, dH, df, dsec, djz, dhz);
  else backward<false>(z, jz, hz, f, sec, dJ, dH, df, dsec, djz, dhz);
}

}  // namespace sobolev
