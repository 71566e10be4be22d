// The fused dense layer of lib/models/denseJet.ts: z = a W + b, then φ(z) and its first one or two derivatives, in
// one call instead of five to seven tfjs kernels; and the pre-activation adjoint dz of its backward pass. Every
// value is computed with the same float32 operations, in the same order, as the tfjs ops it replaces
// (lib/models/activations.ts: e.g. φ′ = 1 − t² as Square then Sub, φ″ = −2 (t φ′)), and the transcendental
// functions go through `unary` as the native Tanh, Sin and Cos kernels do, so the forward values are bitwise
// those of the unfused ops. The adjoint sums its terms in its own order, so it may differ from tfjs's in the
// last bit.
#include <cmath>
#include <limits>

#include "kernels.h"

namespace sobolev {

namespace {

// tf.step: NaN stays NaN, then 1 above zero, else `below`.
inline float step(float z, float below) {
  if (z != z) return std::numeric_limits<float>::quiet_NaN();
  return z > 0.0f ? 1.0f : below;
}

// value = φ(z), first = φ′(z) and second = φ″(z) (each when not null), z read from `value` and overwritten. Without
// `first`, only tanh, relu and leakyRelu (those whose φ′ the adjoint can recover from φ).
void activate(JetActivation act, float alpha, float* value, float* first, float* second, int64_t size) {
  if (first == nullptr) {
    for (int64_t i = 0; act != JetActivation::Tanh && i < size; ++i) {
      const float z = value[i];
      value[i] = z < 0.0f ? (act == JetActivation::LeakyRelu ? alpha * z : 0.0f) : z;
    }
    if (act == JetActivation::Tanh) unary(Unary::Tanh, value, value, size);
    return;
  }
  switch (act) {
    case JetActivation::Tanh:
      unary(Unary::Tanh, value, value, size);
      for (int64_t i = 0; i < size; ++i) first[i] = 1.0f - value[i] * value[i];
      if (second != nullptr) {
        for (int64_t i = 0; i < size; ++i) second[i] = -2.0f * (value[i] * first[i]);
      }
      return;
    case JetActivation::Sine:
      unary(Unary::Cos, value, first, size);
      unary(Unary::Sin, value, value, size);
      if (second != nullptr) {
        for (int64_t i = 0; i < size; ++i) second[i] = -value[i];
      }
      return;
    case JetActivation::Relu:
      for (int64_t i = 0; i < size; ++i) {
        const float z = value[i];
        first[i] = step(z, 0.0f);
        value[i] = z < 0.0f ? 0.0f : z;
      }
      return;
    case JetActivation::LeakyRelu:
      for (int64_t i = 0; i < size; ++i) {
        const float z = value[i];
        first[i] = step(z, alpha);
        value[i] = z < 0.0f ? alpha * z : z;
      }
      return;
    case JetActivation::Relu2:
      for (int64_t i = 0; i < size; ++i) {
        const float z = value[i];
        const float r = z < 0.0f ? 0.0f : z;
        value[i] = r * r;
        first[i] = 2.0f * r;
        if (second != nullptr) second[i] = 2.0f * step(z, 0.0f);
      }
      return;
  }
}

}  // namespace

void denseJetForward(const float* a, int64_t aStride, const float* w, const float* b, int64_t members, int64_t n, int64_t wIn,
                     int64_t wOut, JetActivation act, float alpha, float* value, float* first, float* second) {
  const int64_t block = n * wOut;
  for (int64_t s = 0; s < members; ++s) {
    float* z = value + s * block;
    sgemm(false, false, n, wOut, wIn, a + s * aStride, wIn, w + s * wIn * wOut, wOut, 0.0f, z, wOut);
    if (b != nullptr) {
      const float* row = b + s * wOut;
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < wOut; ++j) z[i * wOut + j] += row[j];
      }
    }
  }
  activate(act, alpha, value, first, second, members * block);
}

namespace {

// dz += d · g(value, first) over `size` floats, with g one of the derivative formulas below: one loop per formula,
// so that the compiler vectorises it (a switch inside the loop kept it scalar, 116 µs for [1024, 64]).
template <class G>
void accumulate(const float* value, const float* first, const float* d, float* dz, int64_t size, bool assign) {
  if (assign) {
    for (int64_t i = 0; i < size; ++i) dz[i] = d[i] * G::at(value[i], first[i]);
  } else {
    for (int64_t i = 0; i < size; ++i) dz[i] += d[i] * G::at(value[i], first[i]);
  }
}

struct First { static float at(float, float f) { return f; } };
struct TanhSecond { static float at(float t, float f) { return -2.0f * (t * f); } };
struct TanhThird { static float at(float t, float f) { return -2.0f * f * (1.0f - 3.0f * t * t); } };
struct SineSecond { static float at(float v, float) { return -v; } };
struct SineThird { static float at(float, float f) { return -f; } };
struct Relu2Second { static float at(float, float f) { return f > 0.0f ? 2.0f : 0.0f; } };

}  // namespace

void denseJetAdjoint(JetActivation act, float alpha, const float* value, const float* first, const float* dValue, const float* dFirst,
                     const float* dSecond, float* dz, int64_t size) {
  if (first == nullptr) {  // φ′ from φ: 1 − t² for tanh (as the forward computes it), step(z) = [φ > 0] for the ReLUs
    for (int64_t i = 0; act == JetActivation::Tanh && i < size; ++i) dz[i] = dValue[i] * (1.0f - value[i] * value[i]);
    for (int64_t i = 0; act != JetActivation::Tanh && i < size; ++i) {
      dz[i] = dValue[i] * (value[i] > 0.0f ? 1.0f : (act == JetActivation::LeakyRelu ? alpha : 0.0f));
    }
    return;
  }
  // φ″ and φ‴ from the saved φ and φ′ (the module comment of lib/models/denseJet.ts gives the formulas); terms in the
  // order dValue φ′, dFirst φ″, dSecond φ‴, each rounded as it is added.
  bool empty = true;
  auto add = [&](auto formula, const float* d) {
    if (d == nullptr) return;
    accumulate<decltype(formula)>(value, first, d, dz, size, empty);
    empty = false;
  };
  add(First{}, dValue);
  switch (act) {
    case JetActivation::Tanh: add(TanhSecond{}, dFirst); add(TanhThird{}, dSecond); break;
    case JetActivation::Sine: add(SineSecond{}, dFirst); add(SineThird{}, dSecond); break;
    case JetActivation::Relu2: add(Relu2Second{}, dFirst); break;
    case JetActivation::Relu:
    case JetActivation::LeakyRelu: break;
  }
  if (empty) {
    for (int64_t i = 0; i < size; ++i) dz[i] = 0.0f;
  }
}

}  // namespace sobolev
