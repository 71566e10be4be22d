// Elementwise +, −, × with the broadcasting that dense networks use: operands that are full, scalar, or
// a trailing block repeated (x [N, units] + bias [units]). One IEEE operation per element, as in
// tfjs-backend-wasm and -cpu, so the results are bitwise the same.
#include <algorithm>

#include "kernels.h"

namespace sobolev {

namespace {

struct AddOp { static float apply(float x, float y) { return x + y; } };
struct SubOp { static float apply(float x, float y) { return x - y; } };
struct MulOp { static float apply(float x, float y) { return x * y; } };

// y[j] = a[j·SA] ∘ b[j·SB], j < len; strides 0 (scalar) or 1, fixed at compile time so the loop vectorises.
template <class Op, int SA, int SB>
void run(const float* a, const float* b, float* y, int64_t len) {
  for (int64_t j = 0; j < len; ++j) y[j] = Op::apply(a[j * SA], b[j * SB]);
}

template <class Op>
void blocks(const float* a, int64_t pa, const float* b, int64_t pb, float* y, int64_t n) {
  // Blocks of the smallest period above 1: within one, each operand is contiguous or constant.
  int64_t chunk = n;
  if (pa > 1) chunk = std::min(chunk, pa);
  if (pb > 1) chunk = std::min(chunk, pb);
  for (int64_t start = 0; start < n; start += chunk) {
    const float* as = pa == 1 ? a : a + start % pa;
    const float* bs = pb == 1 ? b : b + start % pb;
    if (pa == 1 && pb == 1) run<Op, 0, 0>(as, bs, y + start, chunk);
    else if (pa == 1) run<Op, 0, 1>(as, bs, y + start, chunk);
    else if (pb == 1) run<Op, 1, 0>(as, bs, y + start, chunk);
    else run<Op, 1, 1>(as, bs, y + start, chunk);
  }
}

}  // namespace

void binary(Binary op, const float* a, int64_t aPeriod, const float* b, int64_t bPeriod, float* y, int64_t n) {
  switch (op) {
    case Binary::Add: return blocks<AddOp>(a, aPeriod, b, bPeriod, y, n);
    case Binary::Sub: return blocks<SubOp>(a, aPeriod, b, bPeriod, y, n);
    case Binary::Mul: return blocks<MulOp>(a, aPeriod, b, bPeriod, y, n);
  }
}

}  // namespace sobolev
