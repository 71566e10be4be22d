// Numerical kernels of the native pack, on plain float32 arrays (no N-API here; see addon.cc).
#pragma once
#include <cstddef>
#include <cstdint>

namespace sobolev {

// Row-major C = op(A) op(B) + beta C (gemm.cc): oneDNN's sgemm where built with it and allowed, else OpenBLAS's.
void sgemm(bool transposeA, bool transposeB, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
           int64_t ldb, float beta, float* c, int64_t ldc);
// Whether this build has oneDNN; whether sgemm may use it (setGemmDnnl, default no); the threads of both libraries.
bool gemmHasDnnl();
bool gemmUsesDnnl();
void setGemmDnnl(bool allowed);
// The threads a large product may use (small ones use one: the thread policy of gemm.cc), and that number.
void setGemmThreads(int threads);
int gemmThreads();
// The thread policy (gemm.cc): sets both libraries to the threads a task of this many multiply-adds gets, and
// returns that number; the size from which a task gets all the threads given.
int useThreadsFor(int64_t multiplyAdds);
int64_t parallelMinMultiplyAdds();

// C[b] = op(A[b]) · op(B[b]) for b < batch, row-major, C[b] of M×N, contiguous after C[0].
// aOffsets[b], bOffsets[b]: where each batch's matrix starts (in floats, from `base`).
void batchedMatMul(float* base, const int64_t* aOffsets, const int64_t* bOffsets, int64_t batch, float* c,
                   int64_t m, int64_t n, int64_t k, bool transposeA, bool transposeB);

// Activations of tfjs-core's fused ops (fused_types.ts), numbered as tfjs-backend-wasm's FusableActivation.
enum class Activation : int32_t { Linear = 0, Relu = 1, Relu6 = 2, Prelu = 3, LeakyRelu = 4, Sigmoid = 5, Elu = 6 };

// Strides, in floats, of a tensor broadcast against [batch, M, N] (0 along broadcast axes).
struct Strides3 {
  int64_t batch, row, col;
};

// In place on c [batch, M, N]: c += bias (if not null), then the activation; for Prelu, `weights` are
// the slopes (broadcast like bias); for LeakyRelu, `alpha`.
void matMulEpilogue(float* c, int64_t batch, int64_t m, int64_t n, const float* bias, Strides3 biasStrides,
                    Activation activation, float alpha, const float* weights, Strides3 weightStrides);

// y[i] = f(x[i]), i < n. x and y may coincide.
enum class Unary : int32_t { Tanh = 0, Sin = 1, Cos = 2, Exp = 3, Erf = 4, Sigmoid = 5, Square = 6 };
void unary(Unary op, const float* x, float* y, int64_t n);

// y[i] = a[i mod aPeriod] ∘ b[i mod bPeriod], i < n, for ∘ in +, −, ×: a period of 1 is a scalar, of n
// a full operand, in between a trailing block repeated (a bias row). Each period divides n, the
// smaller divides the larger (true when both are sizes of trailing axes of the broadcast shape).
enum class Binary : int32_t { Add = 0, Sub = 1, Mul = 2 };
void binary(Binary op, const float* a, int64_t aPeriod, const float* b, int64_t bPeriod, float* y, int64_t n);

// y[o, i] = Σ_r x[o, r, i] (x is [outer, reduce, inner]), accumulated in double, rounded once.
void sumMiddleAxis(const float* x, float* y, int64_t outer, int64_t reduce, int64_t inner);

// Geometry of a 2-D convolution, NHWC: x [n, h, w, c], filter [kh, kw, c, co], y [n, ho, wo, co];
// strides sh, sw, dilations dh, dw, padding top, left (before the first row and column).
struct ConvGeometry {
  int64_t n, h, w, c, kh, kw, co, ho, wo, sh, sw, dh, dw, top, left;
};
// y = conv(x, f); dx = input gradient from dy and f; df = filter gradient from x and dy (conv.cc).
void conv2dForward(const float* x, const float* f, float* y, const ConvGeometry& g);
void conv2dBackpropInput(const float* dy, const float* f, float* dx, const ConvGeometry& g);
void conv2dBackpropFilter(const float* x, const float* dy, float* df, const ConvGeometry& g);

// Whether the convolutions above run on oneDNN's primitives (convDnnl.cc) where they can: allowed (setConvDnnl,
// default no) in a build with oneDNN. 1×1 convolutions stay on one sgemm, which reads x itself as the patches.
void setConvDnnl(bool allowed);
bool convUsesDnnl();
// How many convolutions oneDNN refused (its primitive could not be built) and im2col computed instead.
int64_t convDnnlFallbacks();
// Whether a geometry is one oneDNN computes correctly (convDnnl.cc: padding between 0 and the filter's reach).
bool convFitsDnnl(const ConvGeometry& g);
// The oneDNN versions of the three (convDnnl.cc); false, with nothing written, when oneDNN refuses the geometry.
bool conv2dForwardDnnl(const float* x, const float* f, float* y, const ConvGeometry& g);
bool conv2dBackpropInputDnnl(const float* dy, const float* f, float* dx, const ConvGeometry& g);
bool conv2dBackpropFilterDnnl(const float* x, const float* dy, float* df, const ConvGeometry& g);

// The fused dense layer (denseJet.cc): per member s < members, z = a_s W_s + b_s (a_s = a + s·aStride, so aStride 0
// shares one a; b may be null), then value = φ(z) and, when not null, first = φ′(z) and second = φ″(z) (second only
// with first); all [members, n, wOut]. Without first, only tanh, relu and leakyRelu (alpha > 0).
enum class JetActivation : int32_t { Tanh = 0, Sine = 1, Relu = 2, LeakyRelu = 3, Relu2 = 4 };
void denseJetForward(const float* a, int64_t aStride, const float* w, const float* b, int64_t members, int64_t n, int64_t wIn,
                     int64_t wOut, JetActivation act, float alpha, float* value, float* first, float* second);
// dz = dValue φ′ + dFirst φ″ + dSecond φ‴ from the saved value and first; a null adjoint counts as zero. A null first
// (a forward without it) recovers φ′ from value and needs dValue, and nothing else.
void denseJetAdjoint(JetActivation act, float alpha, const float* value, const float* first, const float* dValue, const float* dFirst,
                     const float* dSecond, float* dz, int64_t size);

// The Hessian rows of a forward jet (hessianJet.cc): per member, J′_i = φ′ J_z,i and H′_q = φ′ H_z,q + φ″ J_z,i J_z,j over
// the pairs q = (i, j), i ≤ j; J_z [members, d, n or 1 (jzShared), w], H_z [members, pairs, n, w] or null (zero),
// φ′, φ″ [members, n, w]. The reverse pass writes the adjoints of φ′, φ″, J_z (summed over the points when shared) and
// H_z (when not null) from those of J′ and H′. d at most MAX_HESSIAN_JET_INPUTS.
constexpr int64_t MAX_HESSIAN_JET_INPUTS = 16;
struct HessianJetSizes {
  int64_t members, d, pairs, n, w;
  bool jzShared;
};
void hessianJetForward(const HessianJetSizes& z, const float* jz, const float* hz, const float* f, const float* sec, float* jOut, float* hOut);
void hessianJetBackward(const HessianJetSizes& z, const float* jz, const float* hz, const float* f, const float* sec, const float* dJ,
                        const float* dH, float* df, float* dsec, float* djz, float* dhz);

// One step of the adjoint sweep (adjointStep.cc): per member, out = (ḡ ⊙ φ′) Wᵀ with ḡ [n or 1 (gShared), wOut], φ′
// [n, wOut], W [wIn, wOut], out [n, wIn]; the reverse pass writes the adjoints of ḡ (its shape), φ′ and W from out's.
struct AdjointStepSizes {
  int64_t members, n, wIn, wOut;
  bool gShared;
};
void adjointStepForward(const AdjointStepSizes& z, const float* g, const float* slope, const float* w, float* out);
void adjointStepBackward(const AdjointStepSizes& z, const float* dOut, const float* g, const float* slope, const float* w, float* dg, float* dSlope,
                         float* dW);

// Data movement (layout.cc): dst[r · dstStride + j] = src[r · srcStride + j] for r < rows, j < width (Concat and
// SplitV along an inner axis); the gradient of the nearest-neighbour resize, dy [batch, yh, yw, depth] → dx [batch,
// xh, xw, depth], as tfjs-backend-wasm sums it; and LeakyRelu with its gradient's mask: out = x > threshold (0 or 1),
// out = condition ? a : b, out = x < 0 ? alpha · x : x.
void copyRows(const float* src, int64_t srcStride, float* dst, int64_t dstStride, int64_t rows, int64_t width);
void resizeNearestGrad(const float* dy, float* dx, int64_t batch, int64_t yh, int64_t yw, int64_t xh, int64_t xw, int64_t depth,
                       bool alignCorners);
// The nearest-neighbour resize x [batch, xh, xw, depth] → y [batch, yh, yw, depth], corners not aligned, no half-pixel
// centres, with WASM's indices.
void resizeNearest(const float* x, float* y, int64_t batch, int64_t xh, int64_t xw, int64_t yh, int64_t yw, int64_t depth);
void greaterScalar(const float* x, float threshold, uint8_t* out, int64_t n);
void selectFloats(const uint8_t* condition, const float* a, const float* b, float* out, int64_t n);
void leakyRelu(const float* x, float alpha, float* out, int64_t n);

// SiLU (silu.cc): y = x σ(x); dx = dy σ(x) (1 + x (1 − σ(x))). x and y may coincide, as may dy and dx.
void siluForward(const float* x, float* y, int64_t n);
void siluBackward(const float* x, const float* dy, float* dx, int64_t n);

// True when this build uses glibc's vector math library (libmvec) for `unary`.
bool unaryIsVectorised();

}  // namespace sobolev
