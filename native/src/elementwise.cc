// Elementwise transcendental functions through glibc's vector math library, libmvec (glibc ≥ 2.35 for
// tanhf and erff; x86-64): 8 lanes with AVX2, else 4 lanes with SSE, both dispatched by glibc to the
// best code for the CPU. glibc documents their accuracy in its manual ("Errors in Math Functions":
// at most 1-4 ulp for these). Elsewhere, or on older glibc, a scalar loop over libm.
// The tail of an array is padded into a full vector, so every element goes through the same function.
#include <cmath>
#include <cstring>

#include "kernels.h"

#if defined(__x86_64__) && defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 35)
#define SOBOLEV_LIBMVEC 1
#endif
#endif

#ifdef SOBOLEV_LIBMVEC
#include <immintrin.h>

// glibc's vector ABI names (x86-64 Vector Function ABI): _ZGV + b (SSE) / d (AVX2) + N + lanes + v.
extern "C" {
__m128 _ZGVbN4v_tanhf(__m128);
__m128 _ZGVbN4v_sinf(__m128);
__m128 _ZGVbN4v_cosf(__m128);
__m128 _ZGVbN4v_expf(__m128);
__m128 _ZGVbN4v_erff(__m128);
}
#pragma GCC push_options
#pragma GCC target("avx2")
extern "C" {
__m256 _ZGVdN8v_tanhf(__m256);
__m256 _ZGVdN8v_sinf(__m256);
__m256 _ZGVdN8v_cosf(__m256);
__m256 _ZGVdN8v_expf(__m256);
__m256 _ZGVdN8v_erff(__m256);
}
#pragma GCC pop_options

#endif

namespace sobolev {

namespace {

inline float sigmoidScalar(float x) { return 1.0f / (1.0f + std::exp(-x)); }

void unaryScalar(Unary op, const float* x, float* y, int64_t n) {
  switch (op) {
    case Unary::Tanh: for (int64_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]); break;
    case Unary::Sin: for (int64_t i = 0; i < n; ++i) y[i] = std::sin(x[i]); break;
    case Unary::Cos: for (int64_t i = 0; i < n; ++i) y[i] = std::cos(x[i]); break;
    case Unary::Exp: for (int64_t i = 0; i < n; ++i) y[i] = std::exp(x[i]); break;
    case Unary::Erf: for (int64_t i = 0; i < n; ++i) y[i] = std::erf(x[i]); break;
    case Unary::Sigmoid: for (int64_t i = 0; i < n; ++i) y[i] = sigmoidScalar(x[i]); break;
    case Unary::Square: for (int64_t i = 0; i < n; ++i) y[i] = x[i] * x[i]; break;
  }
}

}  // namespace

#ifdef SOBOLEV_LIBMVEC
namespace {

#pragma GCC push_options
#pragma GCC target("avx2")
template <__m256 (*F)(__m256), bool Sigmoid = false>
__attribute__((target("avx2"))) void map8(const float* x, float* y, int64_t n) {
  const __m256 one = _mm256_set1_ps(1.0f);
  auto apply = [&](__m256 v) {
    if (!Sigmoid) return F(v);
    return _mm256_div_ps(one, _mm256_add_ps(one, F(_mm256_sub_ps(_mm256_setzero_ps(), v))));
  };
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, apply(_mm256_loadu_ps(x + i)));
  if (i < n) {
    alignas(32) float buf[8] = {0};
    std::memcpy(buf, x + i, sizeof(float) * (n - i));
    _mm256_store_ps(buf, apply(_mm256_load_ps(buf)));
    std::memcpy(y + i, buf, sizeof(float) * (n - i));
  }
}
#pragma GCC pop_options

template <__m128 (*F)(__m128), bool Sigmoid = false>
void map4(const float* x, float* y, int64_t n) {
  const __m128 one = _mm_set1_ps(1.0f);
  auto apply = [&](__m128 v) {
    if (!Sigmoid) return F(v);
    return _mm_div_ps(one, _mm_add_ps(one, F(_mm_sub_ps(_mm_setzero_ps(), v))));
  };
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) _mm_storeu_ps(y + i, apply(_mm_loadu_ps(x + i)));
  if (i < n) {
    alignas(16) float buf[4] = {0};
    std::memcpy(buf, x + i, sizeof(float) * (n - i));
    _mm_store_ps(buf, apply(_mm_load_ps(buf)));
    std::memcpy(y + i, buf, sizeof(float) * (n - i));
  }
}

const bool hasAvx2 = __builtin_cpu_supports("avx2");

}  // namespace

bool unaryIsVectorised() { return true; }

void unary(Unary op, const float* x, float* y, int64_t n) {
  if (op == Unary::Square) return unaryScalar(op, x, y, n);  // vectorised by the compiler
  if (hasAvx2) {
    switch (op) {
      case Unary::Tanh: return map8<_ZGVdN8v_tanhf>(x, y, n);
      case Unary::Sin: return map8<_ZGVdN8v_sinf>(x, y, n);
      case Unary::Cos: return map8<_ZGVdN8v_cosf>(x, y, n);
      case Unary::Exp: return map8<_ZGVdN8v_expf>(x, y, n);
      case Unary::Erf: return map8<_ZGVdN8v_erff>(x, y, n);
      case Unary::Sigmoid: return map8<_ZGVdN8v_expf, true>(x, y, n);
      case Unary::Square: break;
    }
  }
  switch (op) {
    case Unary::Tanh: return map4<_ZGVbN4v_tanhf>(x, y, n);
    case Unary::Sin: return map4<_ZGVbN4v_sinf>(x, y, n);
    case Unary::Cos: return map4<_ZGVbN4v_cosf>(x, y, n);
    case Unary::Exp: return map4<_ZGVbN4v_expf>(x, y, n);
    case Unary::Erf: return map4<_ZGVbN4v_erff>(x, y, n);
    case Unary::Sigmoid: return map4<_ZGVbN4v_expf, true>(x, y, n);
    case Unary::Square: break;
  }
  unaryScalar(op, x, y, n);
}

#else

bool unaryIsVectorised() { return false; }

void unary(Unary op, const float* x, float* y, int64_t n) { unaryScalar(op, x, y, n); }

#endif

}  // namespace sobolev
