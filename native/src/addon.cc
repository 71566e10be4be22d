// N-API glue of the native kernel pack (Node's node_api.h, no C++ wrapper library). Every kernel works
// in place on the WASM backend's memory: the caller passes that memory's ArrayBuffer (re-read on every
// call, since growing WASM memory replaces it) and offsets into it counted in floats. Offsets and sizes
// are checked against the buffer's length, so a wrong offset is an exception, never a stray write.
// The TypeScript side is lib/backend/nativeAddon.ts.
#include <cblas.h>
#include <node_api.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels.h"

namespace {

using sobolev::Strides3;

struct Args {
  napi_env env;
  std::vector<napi_value> v;
  bool ok = true;

  Args(napi_env e, napi_callback_info info, size_t expected) : env(e), v(expected) {
    size_t argc = expected;
    if (napi_get_cb_info(env, info, &argc, v.data(), nullptr, nullptr) != napi_ok || argc != expected) {
      fail("expected " + std::to_string(expected) + " arguments, got " + std::to_string(argc));
    }
  }
  void fail(const std::string& message) {
    if (ok) napi_throw_error(env, "ERR_SOBOLEV_NATIVE", ("sobolev_native: " + message).c_str());
    ok = false;
  }
  int64_t integer(size_t i) {
    int64_t out = 0;
    if (ok && napi_get_value_int64(env, v[i], &out) != napi_ok) fail("argument " + std::to_string(i) + " must be a number");
    return out;
  }
  double number(size_t i) {
    double out = 0;
    if (ok && napi_get_value_double(env, v[i], &out) != napi_ok) fail("argument " + std::to_string(i) + " must be a number");
    return out;
  }
  bool boolean(size_t i) {
    bool out = false;
    if (ok && napi_get_value_bool(env, v[i], &out) != napi_ok) fail("argument " + std::to_string(i) + " must be a boolean");
    return out;
  }
  // The heap as floats, and its length in floats.
  float* heap(size_t i, int64_t* floats) {
    void* data = nullptr;
    size_t bytes = 0;
    if (ok && napi_get_arraybuffer_info(env, v[i], &data, &bytes) != napi_ok) fail("argument " + std::to_string(i) + " must be the WASM heap's ArrayBuffer");
    *floats = static_cast<int64_t>(bytes / sizeof(float));
    return static_cast<float*>(data);
  }
  // Throws unless [offset, offset + span) lies in the heap (span 0: nothing is read or written).
  void inHeap(int64_t offset, int64_t span, int64_t floats, const char* what) {
    if (ok && span > 0 && (offset < 0 || span > floats || offset > floats - span)) {
      fail(std::string(what) + " lies outside the WASM heap: floats [" + std::to_string(offset) + ", " +
           std::to_string(offset + span) + ") of " + std::to_string(floats));
    }
  }
};

napi_value undefinedValue(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// matMul(heap, offsets: Float64Array [a0, b0, a1, b1, ...], batch, out, m, n, k, transposeA, transposeB)
napi_value MatMul(napi_env env, napi_callback_info info) {
  Args a(env, info, 9);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (a.ok && (napi_get_typedarray_info(env, a.v[1], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float64_array)) {
    a.fail("argument 1 must be a Float64Array of offsets");
  }
  const int64_t batch = a.integer(2), out = a.integer(3), m = a.integer(4), n = a.integer(5), k = a.integer(6);
  const bool ta = a.boolean(7), tb = a.boolean(8);
  if (a.ok && (batch < 0 || m < 0 || n < 0 || k < 0 || static_cast<int64_t>(length) < 2 * batch)) a.fail("bad matMul sizes");
  if (a.ok && (m > INT32_MAX || n > INT32_MAX || k > INT32_MAX)) a.fail("matrix dimensions must fit in 32 bits");
  std::vector<int64_t> aOff(batch), bOff(batch);
  const double* offsets = static_cast<const double*>(data);
  for (int64_t b = 0; a.ok && b < batch; ++b) {
    aOff[b] = static_cast<int64_t>(offsets[2 * b]);
    bOff[b] = static_cast<int64_t>(offsets[2 * b + 1]);
    a.inHeap(aOff[b], m * k, floats, "matMul input a");
    a.inHeap(bOff[b], k * n, floats, "matMul input b");
  }
  a.inHeap(out, batch * m * n, floats, "matMul output");
  if (!a.ok) return nullptr;
  sobolev::batchedMatMul(heap, aOff.data(), bOff.data(), batch, heap + out, m, n, k, ta, tb);
  return undefinedValue(env);
}

// Largest float index a broadcast [batch, m, n] view reads, plus one.
int64_t spanOf(int64_t batch, int64_t m, int64_t n, Strides3 s) {
  return (batch - 1) * s.batch + (m - 1) * s.row + (n - 1) * s.col + 1;
}

// matMulEpilogue(heap, out, batch, m, n, bias (-1: none), bias strides ×3, activation, alpha,
//                weights (-1: none), weight strides ×3)
napi_value MatMulEpilogue(napi_env env, napi_callback_info info) {
  Args a(env, info, 15);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t out = a.integer(1), batch = a.integer(2), m = a.integer(3), n = a.integer(4), bias = a.integer(5);
  const Strides3 bs{a.integer(6), a.integer(7), a.integer(8)};
  const int32_t activation = static_cast<int32_t>(a.integer(9));
  const float alpha = static_cast<float>(a.number(10));
  const int64_t weights = a.integer(11);
  const Strides3 ws{a.integer(12), a.integer(13), a.integer(14)};
  if (a.ok && (activation < 0 || activation > 6)) a.fail("unknown activation " + std::to_string(activation));
  if (batch * m * n == 0) return a.ok ? undefinedValue(env) : nullptr;
  a.inHeap(out, batch * m * n, floats, "matMul output");
  if (bias >= 0) a.inHeap(bias, spanOf(batch, m, n, bs), floats, "bias");
  if (weights >= 0) a.inHeap(weights, spanOf(batch, m, n, ws), floats, "prelu weights");
  if (a.ok && activation == static_cast<int32_t>(sobolev::Activation::Prelu) && weights < 0) a.fail("prelu needs weights");
  if (!a.ok) return nullptr;
  sobolev::matMulEpilogue(heap + out, batch, m, n, bias >= 0 ? heap + bias : nullptr, bs, static_cast<sobolev::Activation>(activation),
                          alpha, weights >= 0 ? heap + weights : nullptr, ws);
  return undefinedValue(env);
}

// unary(heap, op, x, y, n)
napi_value Unary(napi_env env, napi_callback_info info) {
  Args a(env, info, 5);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t op = a.integer(1), x = a.integer(2), y = a.integer(3), n = a.integer(4);
  if (a.ok && (op < 0 || op > 6)) a.fail("unknown unary op " + std::to_string(op));
  if (a.ok && n < 0) a.fail("negative size");
  a.inHeap(x, n, floats, "unary input");
  a.inHeap(y, n, floats, "unary output");
  if (!a.ok) return nullptr;
  sobolev::unary(static_cast<sobolev::Unary>(op), heap + x, heap + y, n);
  return undefinedValue(env);
}

// binary(heap, op, a, aPeriod, b, bPeriod, y, n)
napi_value Binary(napi_env env, napi_callback_info info) {
  Args a(env, info, 8);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t op = a.integer(1), x = a.integer(2), px = a.integer(3), y = a.integer(4), py = a.integer(5), out = a.integer(6), n = a.integer(7);
  if (a.ok && (op < 0 || op > 2)) a.fail("unknown binary op " + std::to_string(op));
  const int64_t small = std::min(px, py), large = std::max(px, py);
  if (a.ok && (n < 1 || small < 1 || n % large != 0 || large % small != 0)) {
    a.fail("periods " + std::to_string(px) + " and " + std::to_string(py) + " must divide each other and n = " + std::to_string(n));
  }
  a.inHeap(x, px, floats, "binary input a");
  a.inHeap(y, py, floats, "binary input b");
  a.inHeap(out, n, floats, "binary output");
  if (!a.ok) return nullptr;
  sobolev::binary(static_cast<sobolev::Binary>(op), heap + x, px, heap + y, py, heap + out, n);
  return undefinedValue(env);
}

// conv2d(heap, mode, in1, in2, out, geometry: Float64Array [n, h, w, c, kh, kw, co, ho, wo, sh, sw, dh, dw, top, left])
// mode 0: out = conv(x = in1, f = in2); 1: out = dx from (dy = in1, f = in2); 2: out = df from (x = in1, dy = in2).
napi_value Conv2d(napi_env env, napi_callback_info info) {
  Args a(env, info, 6);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t mode = a.integer(1), in1 = a.integer(2), in2 = a.integer(3), out = a.integer(4);
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (a.ok && (napi_get_typedarray_info(env, a.v[5], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float64_array || length != 15)) {
    a.fail("argument 5 must be a Float64Array of the 15 geometry numbers");
  }
  if (!a.ok) return nullptr;
  const double* d = static_cast<const double*>(data);
  int64_t v[15];
  for (int i = 0; i < 15; ++i) v[i] = static_cast<int64_t>(d[i]);
  const sobolev::ConvGeometry g{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  for (int i = 0; i < 13; ++i) {
    if (a.ok && v[i] < (i >= 9 ? 1 : 0)) a.fail("bad convolution geometry");
  }
  const int64_t xSize = g.n * g.h * g.w * g.c, fSize = g.kh * g.kw * g.c * g.co, ySize = g.n * g.ho * g.wo * g.co;
  if (a.ok && (g.kh * g.kw * g.c > INT32_MAX || g.n * g.ho * g.wo > INT32_MAX)) a.fail("convolution too large for 32-bit BLAS");
  switch (mode) {
    case 0: a.inHeap(in1, xSize, floats, "conv x"); a.inHeap(in2, fSize, floats, "conv filter"); a.inHeap(out, ySize, floats, "conv output"); break;
    case 1: a.inHeap(in1, ySize, floats, "conv dy"); a.inHeap(in2, fSize, floats, "conv filter"); a.inHeap(out, xSize, floats, "conv dx"); break;
    case 2: a.inHeap(in1, xSize, floats, "conv x"); a.inHeap(in2, ySize, floats, "conv dy"); a.inHeap(out, fSize, floats, "conv dfilter"); break;
    default: a.fail("unknown conv2d mode " + std::to_string(mode));
  }
  if (!a.ok) return nullptr;
  if (mode == 0) sobolev::conv2dForward(heap + in1, heap + in2, heap + out, g);
  else if (mode == 1) sobolev::conv2dBackpropInput(heap + in1, heap + in2, heap + out, g);
  else sobolev::conv2dBackpropFilter(heap + in1, heap + in2, heap + out, g);
  return undefinedValue(env);
}

// sum(heap, x, y, outer, reduce, inner)
napi_value Sum(napi_env env, napi_callback_info info) {
  Args a(env, info, 6);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t x = a.integer(1), y = a.integer(2), outer = a.integer(3), reduce = a.integer(4), inner = a.integer(5);
  if (a.ok && (outer < 0 || reduce < 0 || inner < 0)) a.fail("negative size");
  a.inHeap(x, outer * reduce * inner, floats, "sum input");
  a.inHeap(y, outer * inner, floats, "sum output");
  if (!a.ok) return nullptr;
  sobolev::sumMiddleAxis(heap + x, heap + y, outer, reduce, inner);
  return undefinedValue(env);
}

// denseJet(heap, a, aStride, w, b (-1: none), members, n, wIn, wOut, activation, alpha, value, first, second (-1: none))
napi_value DenseJet(napi_env env, napi_callback_info info) {
  Args a(env, info, 14);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t x = a.integer(1), xStride = a.integer(2), w = a.integer(3), b = a.integer(4), members = a.integer(5), n = a.integer(6),
                wIn = a.integer(7), wOut = a.integer(8), act = a.integer(9);
  const float alpha = static_cast<float>(a.number(10));
  const int64_t value = a.integer(11), first = a.integer(12), second = a.integer(13);
  if (a.ok && (act < 0 || act > 4)) a.fail("unknown dense-jet activation " + std::to_string(act));
  if (a.ok && (members < 1 || n < 1 || wIn < 1 || wOut < 1 || xStride < 0)) a.fail("bad dense-jet sizes");
  if (a.ok && first < 0 && (second >= 0 || (act != 0 && act != 2 && act != 3) || (act == 3 && !(alpha > 0.0f)))) {
    a.fail("a dense jet without its first derivative needs tanh, relu or leakyRelu with a positive slope, and no second derivative");
  }
  if (a.ok && (n > INT32_MAX || wIn > INT32_MAX || wOut > INT32_MAX)) a.fail("matrix dimensions must fit in 32 bits");
  if (!a.ok) return nullptr;
  a.inHeap(x, (members - 1) * xStride + n * wIn, floats, "dense-jet input");
  a.inHeap(w, members * wIn * wOut, floats, "dense-jet weights");
  if (b >= 0) a.inHeap(b, members * wOut, floats, "dense-jet bias");
  a.inHeap(value, members * n * wOut, floats, "dense-jet value");
  if (first >= 0) a.inHeap(first, members * n * wOut, floats, "dense-jet first derivative");
  if (second >= 0) a.inHeap(second, members * n * wOut, floats, "dense-jet second derivative");
  if (!a.ok) return nullptr;
  sobolev::denseJetForward(heap + x, xStride, heap + w, b >= 0 ? heap + b : nullptr, members, n, wIn, wOut,
                           static_cast<sobolev::JetActivation>(act), alpha, heap + value, first >= 0 ? heap + first : nullptr,
                           second >= 0 ? heap + second : nullptr);
  return undefinedValue(env);
}

// denseJetAdjoint(heap, activation, alpha, value, first (-1: none), dValue, dFirst, dSecond (each -1: zero), dz, size)
napi_value DenseJetAdjoint(napi_env env, napi_callback_info info) {
  Args a(env, info, 10);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t act = a.integer(1);
  const float alpha = static_cast<float>(a.number(2));
  const int64_t value = a.integer(3), first = a.integer(4), dValue = a.integer(5), dFirst = a.integer(6), dSecond = a.integer(7),
                dz = a.integer(8), size = a.integer(9);
  if (a.ok && (act < 0 || act > 4)) a.fail("unknown dense-jet activation " + std::to_string(act));
  if (a.ok && size < 0) a.fail("negative size");
  if (a.ok && first < 0 && (dValue < 0 || dFirst >= 0 || dSecond >= 0 || (act != 0 && act != 2 && act != 3))) {
    a.fail("a dense-jet adjoint without the first derivative needs tanh, relu or leakyRelu and the value's adjoint alone");
  }
  a.inHeap(value, size, floats, "dense-jet value");
  if (first >= 0) a.inHeap(first, size, floats, "dense-jet first derivative");
  if (dValue >= 0) a.inHeap(dValue, size, floats, "dense-jet value adjoint");
  if (dFirst >= 0) a.inHeap(dFirst, size, floats, "dense-jet first-derivative adjoint");
  if (dSecond >= 0) a.inHeap(dSecond, size, floats, "dense-jet second-derivative adjoint");
  a.inHeap(dz, size, floats, "dense-jet pre-activation adjoint");
  if (!a.ok) return nullptr;
  auto at = [&](int64_t offset) -> const float* { return offset >= 0 ? heap + offset : nullptr; };
  sobolev::denseJetAdjoint(static_cast<sobolev::JetActivation>(act), alpha, heap + value, at(first), at(dValue), at(dFirst), at(dSecond),
                           heap + dz, size);
  return undefinedValue(env);
}

// hessianJet(heap, backward, sizes: Float64Array [members, d, n, w, jzShared], offsets: Float64Array) with offsets
// [jz, hz, first, second, jOut, hOut] forward, [jz, hz, first, second, dJ, dH, dFirst, dSecond, dJz, dHz] backward
// (hz and dHz -1: none).
napi_value HessianJet(napi_env env, napi_callback_info info) {
  Args a(env, info, 4);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const bool backward = a.boolean(1);
  auto doubles = [&](size_t i, size_t expected, const char* what) -> const double* {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (a.ok && (napi_get_typedarray_info(env, a.v[i], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float64_array || length != expected)) {
      a.fail(std::string("argument ") + std::to_string(i) + " must be a Float64Array of the " + std::to_string(expected) + " " + what);
    }
    return static_cast<const double*>(data);
  };
  const double* sz = doubles(2, 5, "sizes");
  const double* off = doubles(3, backward ? 10 : 6, "offsets");
  if (!a.ok) return nullptr;
  const int64_t d = static_cast<int64_t>(sz[1]);
  const sobolev::HessianJetSizes z{static_cast<int64_t>(sz[0]), d, d * (d + 1) / 2, static_cast<int64_t>(sz[2]), static_cast<int64_t>(sz[3]), sz[4] != 0};
  if (z.members < 1 || d < 1 || d > sobolev::MAX_HESSIAN_JET_INPUTS || z.n < 1 || z.w < 1) {
    a.fail("bad Hessian-jet sizes (d must be in 1.." + std::to_string(sobolev::MAX_HESSIAN_JET_INPUTS) + ")");
    return nullptr;
  }
  int64_t at[10];
  for (int k = 0; k < (backward ? 10 : 6); ++k) at[k] = static_cast<int64_t>(off[k]);
  const int64_t m = z.members * z.n * z.w, jSize = z.members * d * (z.jzShared ? 1 : z.n) * z.w, jFull = z.members * d * z.n * z.w,
                hSize = z.members * z.pairs * z.n * z.w;
  a.inHeap(at[0], jSize, floats, "Hessian-jet J_z");
  if (at[1] >= 0) a.inHeap(at[1], hSize, floats, "Hessian-jet H_z");
  a.inHeap(at[2], m, floats, "Hessian-jet first derivative");
  a.inHeap(at[3], m, floats, "Hessian-jet second derivative");
  a.inHeap(at[4], jFull, floats, backward ? "Hessian-jet J adjoint" : "Hessian-jet J output");
  a.inHeap(at[5], hSize, floats, backward ? "Hessian-jet H adjoint" : "Hessian-jet H output");
  if (backward) {
    a.inHeap(at[6], m, floats, "Hessian-jet first-derivative adjoint");
    a.inHeap(at[7], m, floats, "Hessian-jet second-derivative adjoint");
    a.inHeap(at[8], jSize, floats, "Hessian-jet J_z adjoint");
    if (at[1] >= 0) a.inHeap(at[9], hSize, floats, "Hessian-jet H_z adjoint");
  }
  if (!a.ok) return nullptr;
  const float* hz = at[1] >= 0 ? heap + at[1] : nullptr;
  if (backward) {
    sobolev::hessianJetBackward(z, heap + at[0], hz, heap + at[2], heap + at[3], heap + at[4], heap + at[5], heap + at[6], heap + at[7],
                                heap + at[8], hz != nullptr ? heap + at[9] : nullptr);
  } else {
    sobolev::hessianJetForward(z, heap + at[0], hz, heap + at[2], heap + at[3], heap + at[4], heap + at[5]);
  }
  return undefinedValue(env);
}

// adjointStep(heap, backward, sizes: Float64Array [members, n, wIn, wOut, gShared], offsets: Float64Array) with offsets
// [g, slope, w, out] forward, [dOut, g, slope, w, dg, dSlope, dW] backward.
napi_value AdjointStep(napi_env env, napi_callback_info info) {
  Args a(env, info, 4);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const bool backward = a.boolean(1);
  const size_t expected[2] = {5, backward ? size_t{7} : size_t{4}};
  const double* arrays[2] = {nullptr, nullptr};
  for (size_t k = 0; k < 2 && a.ok; ++k) {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, a.v[2 + k], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float64_array || length != expected[k]) {
      a.fail("argument " + std::to_string(2 + k) + " must be a Float64Array of " + std::to_string(expected[k]) + (k == 0 ? " sizes" : " offsets"));
    }
    arrays[k] = static_cast<const double*>(data);
  }
  if (!a.ok) return nullptr;
  const double* sz = arrays[0];
  const sobolev::AdjointStepSizes z{static_cast<int64_t>(sz[0]), static_cast<int64_t>(sz[1]), static_cast<int64_t>(sz[2]), static_cast<int64_t>(sz[3]), sz[4] != 0};
  if (z.members < 1 || z.n < 1 || z.wIn < 1 || z.wOut < 1 || z.n > INT32_MAX || z.wIn > INT32_MAX || z.wOut > INT32_MAX) {
    a.fail("bad adjoint-step sizes");
    return nullptr;
  }
  int64_t at[7];
  for (size_t k = 0; k < expected[1]; ++k) at[k] = static_cast<int64_t>(arrays[1][k]);
  const int64_t gSize = z.members * (z.gShared ? 1 : z.n) * z.wOut, sSize = z.members * z.n * z.wOut, wSize = z.members * z.wIn * z.wOut,
                oSize = z.members * z.n * z.wIn;
  const int64_t base = backward ? 1 : 0;
  if (backward) a.inHeap(at[0], oSize, floats, "adjoint-step output adjoint");
  a.inHeap(at[base], gSize, floats, "adjoint-step adjoint");
  a.inHeap(at[base + 1], sSize, floats, "adjoint-step slope");
  a.inHeap(at[base + 2], wSize, floats, "adjoint-step weights");
  if (backward) {
    a.inHeap(at[4], gSize, floats, "adjoint-step adjoint's adjoint");
    a.inHeap(at[5], sSize, floats, "adjoint-step slope's adjoint");
    a.inHeap(at[6], wSize, floats, "adjoint-step weights' adjoint");
  } else {
    a.inHeap(at[3], oSize, floats, "adjoint-step output");
  }
  if (!a.ok) return nullptr;
  if (backward) {
    sobolev::adjointStepBackward(z, heap + at[0], heap + at[1], heap + at[2], heap + at[3], heap + at[4], heap + at[5], heap + at[6]);
  } else {
    sobolev::adjointStepForward(z, heap + at[0], heap + at[1], heap + at[2], heap + at[3]);
  }
  return undefinedValue(env);
}

// copyRows(heap, src, srcStride, dst, dstStride, rows, width): the rows of Concat and SplitV (layout.cc).
napi_value CopyRows(napi_env env, napi_callback_info info) {
  Args a(env, info, 7);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t src = a.integer(1), srcStride = a.integer(2), dst = a.integer(3), dstStride = a.integer(4), rows = a.integer(5),
                width = a.integer(6);
  if (a.ok && (rows < 0 || width < 0 || srcStride < width || dstStride < width)) a.fail("bad copyRows sizes");
  if (rows == 0 || width == 0) return a.ok ? undefinedValue(env) : nullptr;
  a.inHeap(src, (rows - 1) * srcStride + width, floats, "copyRows source");
  a.inHeap(dst, (rows - 1) * dstStride + width, floats, "copyRows destination");
  if (!a.ok) return nullptr;
  sobolev::copyRows(heap + src, srcStride, heap + dst, dstStride, rows, width);
  return undefinedValue(env);
}

// resizeNearest(heap, backward, y, x, batch, yh, yw, xh, xw, depth, alignCorners): backward, the gradient x = dx from y = dy;
// forward (corners not aligned), the resize y from x.
napi_value ResizeNearest(napi_env env, napi_callback_info info) {
  Args a(env, info, 11);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const bool backward = a.boolean(1);
  const int64_t y = a.integer(2), x = a.integer(3), batch = a.integer(4), yh = a.integer(5), yw = a.integer(6), xh = a.integer(7),
                xw = a.integer(8), depth = a.integer(9);
  const bool alignCorners = a.boolean(10);
  if (a.ok && (batch < 1 || yh < 1 || yw < 1 || xh < 1 || xw < 1 || depth < 1)) a.fail("bad resizeNearest sizes");
  if (a.ok && !backward && alignCorners) a.fail("the native resize does not align corners");
  a.inHeap(y, batch * yh * yw * depth, floats, "resized image");
  a.inHeap(x, batch * xh * xw * depth, floats, "image");
  if (!a.ok) return nullptr;
  if (backward) {
    sobolev::resizeNearestGrad(heap + y, heap + x, batch, yh, yw, xh, xw, depth, alignCorners);
  } else {
    sobolev::resizeNearest(heap + x, heap + y, batch, xh, xw, yh, yw, depth);
  }
  return undefinedValue(env);
}

// mask(heap, op, x, y, z, out, n, alpha): op 0 out[bytes] = x > alpha; 1 out = x[bytes] ? y : z; 2 out = leakyRelu(x, alpha).
// Offsets of bool tensors (one byte each) are in bytes, all others in floats.
napi_value Mask(napi_env env, napi_callback_info info) {
  Args a(env, info, 8);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const int64_t op = a.integer(1), x = a.integer(2), y = a.integer(3), z = a.integer(4), out = a.integer(5), n = a.integer(6);
  const float alpha = static_cast<float>(a.number(7));
  if (a.ok && (op < 0 || op > 2)) a.fail("unknown mask op " + std::to_string(op));
  if (a.ok && n < 0) a.fail("negative size");
  uint8_t* bytes = reinterpret_cast<uint8_t*>(heap);
  switch (op) {
    case 0:
      a.inHeap(x, n, floats, "Greater input");
      a.inHeap(out, n, floats * 4, "Greater output (bytes)");
      if (!a.ok) return nullptr;
      sobolev::greaterScalar(heap + x, alpha, bytes + out, n);
      break;
    case 1:
      a.inHeap(x, n, floats * 4, "Select condition (bytes)");
      a.inHeap(y, n, floats, "Select t");
      a.inHeap(z, n, floats, "Select e");
      a.inHeap(out, n, floats, "Select output");
      if (!a.ok) return nullptr;
      sobolev::selectFloats(bytes + x, heap + y, heap + z, heap + out, n);
      break;
    default:
      a.inHeap(x, n, floats, "LeakyRelu input");
      a.inHeap(out, n, floats, "LeakyRelu output");
      if (!a.ok) return nullptr;
      sobolev::leakyRelu(heap + x, alpha, heap + out, n);
  }
  return undefinedValue(env);
}

// silu(heap, backward, x, dy (backward; else ignored), out, n): out = x σ(x), or the input gradient dy σ (1 + x (1 − σ)).
napi_value Silu(napi_env env, napi_callback_info info) {
  Args a(env, info, 6);
  int64_t floats = 0;
  float* heap = a.heap(0, &floats);
  const bool backward = a.boolean(1);
  const int64_t x = a.integer(2), dy = a.integer(3), out = a.integer(4), n = a.integer(5);
  if (a.ok && n < 0) a.fail("negative size");
  a.inHeap(x, n, floats, "SiLU input");
  if (backward) a.inHeap(dy, n, floats, "SiLU output gradient");
  a.inHeap(out, n, floats, "SiLU output");
  if (!a.ok) return nullptr;
  if (backward) {
    sobolev::siluBackward(heap + x, heap + dy, heap + out, n);
  } else {
    sobolev::siluForward(heap + x, heap + out, n);
  }
  return undefinedValue(env);
}

// setThreads(n): OpenBLAS threads for later products.
napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a(env, info, 1);
  const int64_t n = a.integer(0);
  if (a.ok && (n < 1 || n > 1024)) a.fail("thread count must be in 1..1024, got " + std::to_string(n));
  if (!a.ok) return nullptr;
  sobolev::setGemmThreads(static_cast<int>(n));
  return undefinedValue(env);
}

// setGemmDnnl(allowed): whether sgemm may use oneDNN (a no-op in a build without it; info().gemm tells).
napi_value SetGemmDnnl(napi_env env, napi_callback_info info) {
  Args a(env, info, 1);
  const bool allowed = a.boolean(0);
  if (!a.ok) return nullptr;
  sobolev::setGemmDnnl(allowed);
  return undefinedValue(env);
}

// setConvDnnl(allowed): whether the convolutions may run on oneDNN's primitives (a no-op in a build without it;
// info().conv tells).
napi_value SetConvDnnl(napi_env env, napi_callback_info info) {
  Args a(env, info, 1);
  const bool allowed = a.boolean(0);
  if (!a.ok) return nullptr;
  sobolev::setConvDnnl(allowed);
  return undefinedValue(env);
}

napi_value stringValue(napi_env env, const char* s) {
  napi_value v;
  napi_create_string_utf8(env, s == nullptr ? "" : s, NAPI_AUTO_LENGTH, &v);
  return v;
}

// info() → { blas, core, threads, vectorMath, gemm: "onednn" (oneDNN where allowed) or "openblas", dnnl: built with it,
//   conv: "onednn" (oneDNN's primitives) or "im2col", convFallbacks: convolutions oneDNN refused,
//   parallelFrom: the multiply-adds from which a product or convolution uses all the threads given }
napi_value Info(napi_env env, napi_callback_info) {
  napi_value o, threads, vectorMath;
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "blas", stringValue(env, openblas_get_config()));
  napi_set_named_property(env, o, "core", stringValue(env, openblas_get_corename()));
  napi_create_int32(env, sobolev::gemmThreads(), &threads);
  napi_set_named_property(env, o, "threads", threads);
  napi_get_boolean(env, sobolev::unaryIsVectorised(), &vectorMath);
  napi_set_named_property(env, o, "vectorMath", vectorMath);
  napi_set_named_property(env, o, "gemm", stringValue(env, sobolev::gemmUsesDnnl() ? "onednn" : "openblas"));
  napi_value dnnl;
  napi_get_boolean(env, sobolev::gemmHasDnnl(), &dnnl);
  napi_set_named_property(env, o, "dnnl", dnnl);
  napi_set_named_property(env, o, "conv", stringValue(env, sobolev::convUsesDnnl() ? "onednn" : "im2col"));
  napi_value fallbacks, parallelFrom;
  napi_create_int64(env, sobolev::convDnnlFallbacks(), &fallbacks);
  napi_set_named_property(env, o, "convFallbacks", fallbacks);
  napi_create_int64(env, sobolev::parallelMinMultiplyAdds(), &parallelFrom);
  napi_set_named_property(env, o, "parallelFrom", parallelFrom);
  return o;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"matMul", nullptr, MatMul, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"matMulEpilogue", nullptr, MatMulEpilogue, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"sum", nullptr, Sum, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"denseJet", nullptr, DenseJet, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"denseJetAdjoint", nullptr, DenseJetAdjoint, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"hessianJet", nullptr, HessianJet, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"adjointStep", nullptr, AdjointStep, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"copyRows", nullptr, CopyRows, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"resizeNearest", nullptr, ResizeNearest, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"mask", nullptr, Mask, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"silu", nullptr, Silu, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"setGemmDnnl", nullptr, SetGemmDnnl, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"setConvDnnl", nullptr, SetConvDnnl, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
