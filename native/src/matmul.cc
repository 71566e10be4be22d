// Batched matrix products through the pack's sgemm (gemm.cc), and the bias + activation epilogue of tfjs-core's
// fused matMul (tfjs-backend-cpu 4.22, kernels/_FusedMatMul.ts and utils/fused_utils.ts: add the bias,
// then apply the activation, each broadcast against the product).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels.h"

namespace sobolev {

void batchedMatMul(float* base, const int64_t* aOffsets, const int64_t* bOffsets, int64_t batch, float* c,
                   int64_t m, int64_t n, int64_t k, bool transposeA, bool transposeB) {
  if (m == 0 || n == 0) return;
  if (k == 0) {  // an empty sum: sgemm with beta = 0 need not write C
    std::memset(c, 0, sizeof(float) * batch * m * n);
    return;
  }
  // Row-major op(A) is M×K: A is stored M×K (lda = K) or, transposed, K×M (lda = M); likewise B.
  const int64_t lda = transposeA ? m : k;
  const int64_t ldb = transposeB ? k : n;
  for (int64_t b = 0; b < batch; ++b) {
    sgemm(transposeA, transposeB, m, n, k, base + aOffsets[b], lda, base + bOffsets[b], ldb, 0.0f, c + b * m * n, n);
  }
}

void matMulEpilogue(float* c, int64_t batch, int64_t m, int64_t n, const float* bias, Strides3 bs,
                    Activation activation, float alpha, const float* weights, Strides3 ws) {
  const int64_t total = batch * m * n;
  if (bias != nullptr) {
    for (int64_t b = 0; b < batch; ++b) {
      for (int64_t i = 0; i < m; ++i) {
        float* row = c + (b * m + i) * n;
        const float* br = bias + b * bs.batch + i * bs.row;
        if (bs.col == 1) {
          for (int64_t j = 0; j < n; ++j) row[j] += br[j];
        } else {
          for (int64_t j = 0; j < n; ++j) row[j] += br[j * bs.col];
        }
      }
    }
  }
  // The activations as tfjs-backend-cpu computes them (kernels/Relu.ts, Relu6.ts, LeakyRelu.ts,
  // Prelu.ts, Sigmoid.ts, Elu.ts); NaN propagates through every one. One loop per activation, so that
  // the compiler vectorises it.
  switch (activation) {
    case Activation::Linear: break;
    case Activation::Relu:
      for (int64_t t = 0; t < total; ++t) c[t] = c[t] < 0.0f ? 0.0f : c[t];
      break;
    case Activation::Relu6:
      for (int64_t t = 0; t < total; ++t) c[t] = c[t] < 0.0f ? 0.0f : (c[t] > 6.0f ? 6.0f : c[t]);
      break;
    case Activation::LeakyRelu:
      for (int64_t t = 0; t < total; ++t) c[t] = c[t] < 0.0f ? alpha * c[t] : c[t];
      break;
    case Activation::Prelu:
      for (int64_t b = 0; b < batch; ++b) {
        for (int64_t i = 0; i < m; ++i) {
          float* row = c + (b * m + i) * n;
          const float* wr = weights + b * ws.batch + i * ws.row;
          for (int64_t j = 0; j < n; ++j) row[j] = row[j] < 0.0f ? wr[j * ws.col] * row[j] : row[j];
        }
      }
      break;
    case Activation::Sigmoid:
      unary(Unary::Sigmoid, c, c, total);
      break;
    case Activation::Elu:
      for (int64_t t = 0; t < total; ++t) c[t] = c[t] >= 0.0f ? c[t] : std::expm1(c[t]);
      break;
  }
}

}  // namespace sobolev
