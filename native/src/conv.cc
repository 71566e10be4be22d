// 2-D convolutions, NHWC: on oneDNN's primitives (convDnnl.cc) where allowed and built, else by im2col + sgemm (gemm.cc) [1], in chunks of output pixels so that the
// patch matrix stays below CHUNK_FLOATS. Filter [kh, kw, C, Co] is the matrix F [K = kh·kw·C, Co].
// Output pixel (n, i, j) reads input (n, i·sh + p·dh − top, j·sw + q·dw − left, c) at tap (p, q)
// (tfjs-backend-cpu 4.22, kernels/Conv2D.ts; zero outside the input).
//   forward:          y [P, Co]  = patches(x) [P, K] · F
//   input gradient:   dx         = col2im(dy [P, Co] · Fᵀ), the patches' transpose scattered back
//   filter gradient:  dF [K, Co] = patches(x)ᵀ · dy
// [1] K. Chellapilla, S. Puri, P. Simard, "High performance convolutional neural networks for document
//     processing", IWFHR 2006 (unrolling convolutions into matrix products).
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels.h"

namespace sobolev {

namespace {

constexpr int64_t CHUNK_FLOATS = int64_t{1} << 18;  // 1 MiB of patches at most: stays in cache

// Rows [p0, p1) of the patch matrix of x, into cols [(p1 − p0), K].
void im2col(const float* x, const ConvGeometry& g, int64_t p0, int64_t p1, float* cols) {
  const int64_t K = g.kh * g.kw * g.c;
  for (int64_t p = p0; p < p1; ++p) {
    const int64_t n = p / (g.ho * g.wo), i = (p / g.wo) % g.ho, j = p % g.wo;
    float* row = cols + (p - p0) * K;
    const int64_t t0 = j * g.sw - g.left;
    // Taps b in [b0, b1) read columns inside the input.
    const int64_t b0 = t0 >= 0 ? 0 : std::min(g.kw, (-t0 + g.dw - 1) / g.dw);
    const int64_t b1 = std::max(b0, std::min(g.kw, (g.w - t0 + g.dw - 1) / g.dw));
    for (int64_t a = 0; a < g.kh; ++a) {
      const int64_t r = i * g.sh + a * g.dh - g.top;
      float* dst = row + a * g.kw * g.c;
      if (r < 0 || r >= g.h) {
        std::fill(dst, dst + g.kw * g.c, 0.0f);
        continue;
      }
      std::fill(dst, dst + b0 * g.c, 0.0f);
      const float* src = x + ((n * g.h + r) * g.w + t0) * g.c;
      if (g.dw == 1) {  // the taps read one contiguous run of pixels
        const float* s0 = src + b0 * g.c;
        float* d0 = dst + b0 * g.c;
        for (int64_t e = 0, len = (b1 - b0) * g.c; e < len; ++e) d0[e] = s0[e];
      } else {
        for (int64_t b = b0; b < b1; ++b) {
          for (int64_t c = 0; c < g.c; ++c) dst[b * g.c + c] = src[b * g.dw * g.c + c];
        }
      }
      std::fill(dst + b1 * g.c, dst + g.kw * g.c, 0.0f);
    }
  }
}

// dx += the rows [p0, p1) of cols [(p1 − p0), K] scattered back to where im2col read them.
void col2imAdd(const float* cols, const ConvGeometry& g, int64_t p0, int64_t p1, float* dx) {
  const int64_t K = g.kh * g.kw * g.c;
  for (int64_t p = p0; p < p1; ++p) {
    const int64_t n = p / (g.ho * g.wo), i = (p / g.wo) % g.ho, j = p % g.wo;
    const float* row = cols + (p - p0) * K;
    for (int64_t a = 0; a < g.kh; ++a) {
      const int64_t r = i * g.sh + a * g.dh - g.top;
      if (r < 0 || r >= g.h) continue;
      for (int64_t b = 0; b < g.kw; ++b) {
        const int64_t t = j * g.sw + b * g.dw - g.left;
        if (t < 0 || t >= g.w) continue;
        const float* src = row + (a * g.kw + b) * g.c;
        float* dst = dx + ((n * g.h + r) * g.w + t) * g.c;
        for (int64_t c = 0; c < g.c; ++c) dst[c] += src[c];
      }
    }
  }
}

// A 1×1 filter with unit strides and no padding reads x itself as the patch matrix.
bool isPointwise(const ConvGeometry& g) {
  return g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.top == 0 && g.left == 0 && g.ho == g.h && g.wo == g.w;
}

int64_t chunkRows(const ConvGeometry& g) {
  const int64_t K = g.kh * g.kw * g.c;
  return std::max<int64_t>(1, CHUNK_FLOATS / std::max<int64_t>(K, 1));
}

bool dnnlAllowed = false;
int64_t fallbacks = 0;

bool useDnnl(const ConvGeometry& g) { return dnnlAllowed && gemmHasDnnl() && convFitsDnnl(g); }

// Whether oneDNN computed it: tried only where allowed; a refusal is counted, and im2col computes it instead.
bool onDnnl(bool computed) {
  if (!computed) ++fallbacks;
  return computed;
}

}  // namespace

void setConvDnnl(bool allowed) { dnnlAllowed = allowed; }

bool convUsesDnnl() { return dnnlAllowed && gemmHasDnnl(); }

int64_t convDnnlFallbacks() { return fallbacks; }

void conv2dForward(const float* x, const float* f, float* y, const ConvGeometry& g) {
  const int64_t P = g.n * g.ho * g.wo, K = g.kh * g.kw * g.c;
  if (P == 0 || g.co == 0) return;
  if (K == 0) return static_cast<void>(std::memset(y, 0, sizeof(float) * P * g.co));
  if (isPointwise(g)) return sgemm(false, false, P, g.co, K, x, K, f, g.co, 0.0f, y, g.co);
  if (useDnnl(g) && onDnnl(conv2dForwardDnnl(x, f, y, g))) return;
  const int64_t chunk = chunkRows(g);
  std::vector<float> cols(static_cast<size_t>(std::min(chunk, P) * K));
  for (int64_t p0 = 0; p0 < P; p0 += chunk) {
    const int64_t p1 = std::min(P, p0 + chunk);
    im2col(x, g, p0, p1, cols.data());
    sgemm(false, false, p1 - p0, g.co, K, cols.data(), K, f, g.co, 0.0f, y + p0 * g.co, g.co);
  }
}

void conv2dBackpropInput(const float* dy, const float* f, float* dx, const ConvGeometry& g) {
  const int64_t P = g.n * g.ho * g.wo, K = g.kh * g.kw * g.c;
  const int64_t size = g.n * g.h * g.w * g.c;
  if (size == 0) return;
  if (isPointwise(g) && g.co > 0) return sgemm(false, true, P, K, g.co, dy, g.co, f, g.co, 0.0f, dx, K);
  if (P > 0 && K > 0 && g.co > 0 && useDnnl(g) && onDnnl(conv2dBackpropInputDnnl(dy, f, dx, g))) return;
  std::memset(dx, 0, sizeof(float) * size);
  if (P == 0 || K == 0 || g.co == 0) return;
  const int64_t chunk = chunkRows(g);
  std::vector<float> cols(static_cast<size_t>(std::min(chunk, P) * K));
  for (int64_t p0 = 0; p0 < P; p0 += chunk) {
    const int64_t p1 = std::min(P, p0 + chunk);
    sgemm(false, true, p1 - p0, K, g.co, dy + p0 * g.co, g.co, f, g.co, 0.0f, cols.data(), K);
    col2imAdd(cols.data(), g, p0, p1, dx);
  }
}

void conv2dBackpropFilter(const float* x, const float* dy, float* df, const ConvGeometry& g) {
  const int64_t P = g.n * g.ho * g.wo, K = g.kh * g.kw * g.c;
  if (K == 0 || g.co == 0) return;
  if (P == 0) return static_cast<void>(std::memset(df, 0, sizeof(float) * K * g.co));
  if (isPointwise(g)) return sgemm(true, false, K, g.co, P, x, K, dy, g.co, 0.0f, df, g.co);
  if (useDnnl(g) && onDnnl(conv2dBackpropFilterDnnl(x, dy, df, g))) return;
  const int64_t chunk = chunkRows(g);
  std::vector<float> cols(static_cast<size_t>(std::min(chunk, P) * K));
  for (int64_t p0 = 0; p0 < P; p0 += chunk) {
    const int64_t p1 = std::min(P, p0 + chunk);
    im2col(x, g, p0, p1, cols.data());
    sgemm(true, false, K, g.co, p1 - p0, cols.data(), K, dy + p0 * g.co, g.co, p0 == 0 ? 0.0f : 1.0f, df, g.co);
  }
}

}  // namespace sobolev
