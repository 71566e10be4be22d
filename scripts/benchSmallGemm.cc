// The small matrix products of the Fig. 2 MLP step (64-wide layers, 1,024 points; the H1 and H2 jets stack 3 and 6
// blocks of points) on OpenBLAS, oneDNN's sgemm and libxsmm (Debian libxsmm-dev, JIT code for small products), one
// thread, for issue 17's question whether libxsmm beats the libraries PyTorch uses on our shapes. Each shape is timed
// in rounds that run the three libraries in rotating order, and the median of each library's round times is printed
// with its GFLOP/s and the largest difference of its result from OpenBLAS's. Built and run by scripts/benchSmallGemm.sh.
// Measured on the project's 2-core Intel Xeon (2026-12-05): libxsmm 1.17 at 1.05-1.19 of oneDNN's GFLOP/s on the NN
// and TN products, no kernel for NT, 0.26 on the matrix-vector product; oneDNN at 1.2-1.3 of OpenBLAS's. The pack keeps
// oneDNN (the library PyTorch uses): the products are under half of the MLP steps' time, so libxsmm would gain a few
// per cent of a step for a dependency and a transposition of every NT operand.
#include <cblas.h>
#include <libxsmm.h>
#include <oneapi/dnnl/dnnl.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

struct Shape {
  bool transposeA, transposeB;
  int m, n, k;
  const char* role;
};

// Row-major C[m×n] = op(A) op(B), as the pack's sgemm (native/src/gemm.cc) is called.
const Shape SHAPES[] = {
    {false, false, 1024, 64, 64, "layer forward, L2"},
    {false, false, 3072, 64, 64, "layer forward, H1 jet (value and 2 derivatives)"},
    {false, false, 6144, 64, 64, "layer forward, H2 jet"},
    {false, true, 1024, 64, 64, "input gradient dZ Wᵀ"},
    {false, true, 3072, 64, 64, "input gradient, H1 jet"},
    {true, false, 64, 64, 1024, "weight gradient Aᵀ dZ"},
    {true, false, 64, 64, 3072, "weight gradient, H1 jet"},
    {false, false, 1024, 1, 64, "output layer (matrix-vector)"},
};

double medianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  libxsmm_init();
  openblas_set_num_threads(1);
  omp_set_num_threads(1);
  constexpr int ROUNDS = 15;
  std::printf("%-48s %-22s %10s %10s %10s   GFLOP/s: OpenBLAS / oneDNN / libxsmm   max |Δ| from OpenBLAS: oneDNN / libxsmm\n", "product", "shape", "OpenBLAS µs",
              "oneDNN µs", "libxsmm µs");
  for (const Shape& s : SHAPES) {
    const int lda = s.transposeA ? s.m : s.k, ldb = s.transposeB ? s.k : s.n;
    std::vector<float> a(static_cast<size_t>(s.m) * s.k), b(static_cast<size_t>(s.k) * s.n);
    for (size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.37f * static_cast<float>(i));
    for (size_t i = 0; i < b.size(); ++i) b[i] = std::cos(0.11f * static_cast<float>(i));
    std::vector<std::vector<float>> c(3, std::vector<float>(static_cast<size_t>(s.m) * s.n));
    // libxsmm is column-major: row-major C = op(A) op(B) is column-major Cᵀ = op(B)ᵀ op(A)ᵀ, so B goes first.
    const libxsmm_blasint xm = s.n, xn = s.m, xk = s.k, xlda = ldb, xldb = lda, xldc = s.n;
    const float alpha = 1.0f, beta = 0.0f;
    const int flags = (s.transposeB ? LIBXSMM_GEMM_FLAG_TRANS_A : 0) | (s.transposeA ? LIBXSMM_GEMM_FLAG_TRANS_B : 0);
    const libxsmm_smmfunction xsmm = libxsmm_smmdispatch(xm, xn, xk, &xlda, &xldb, &xldc, &alpha, &beta, &flags, nullptr);
    const std::function<void()> run[3] = {
        [&] {
          cblas_sgemm(CblasRowMajor, s.transposeA ? CblasTrans : CblasNoTrans, s.transposeB ? CblasTrans : CblasNoTrans, s.m, s.n, s.k, 1.0f, a.data(), lda,
                      b.data(), ldb, 0.0f, c[0].data(), s.n);
        },
        [&] { dnnl_sgemm(s.transposeA ? 'T' : 'N', s.transposeB ? 'T' : 'N', s.m, s.n, s.k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f, c[1].data(), s.n); },
        [&] { xsmm(b.data(), a.data(), c[2].data()); },
    };
    const int engines = xsmm == nullptr ? 2 : 3;
    const int reps = std::max(1, static_cast<int>(2e7 / (2.0 * s.m * s.n * s.k)));
    std::vector<std::vector<double>> times(3);
    for (int e = 0; e < engines; ++e) run[e]();  // warm-up, and code generation for libxsmm
    for (int r = 0; r < ROUNDS; ++r) {
      for (int i = 0; i < engines; ++i) {
        const int e = (i + r) % engines;
        const auto start = std::chrono::steady_clock::now();
        for (int q = 0; q < reps; ++q) run[e]();
        times[e].push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / reps);
      }
    }
    double us[3] = {-1, -1, -1}, gflops[3] = {0, 0, 0}, diff[3] = {0, 0, 0};
    for (int e = 0; e < engines; ++e) {
      us[e] = medianOf(times[e]);
      gflops[e] = 2.0 * s.m * s.n * s.k / us[e] / 1e3;
      for (size_t i = 0; i < c[0].size(); ++i) diff[e] = std::max(diff[e], static_cast<double>(std::fabs(c[e][i] - c[0][i])));
    }
    char shape[64];
    std::snprintf(shape, sizeof shape, "%c%c %d×%d×%d", s.transposeA ? 'T' : 'N', s.transposeB ? 'T' : 'N', s.m, s.n, s.k);
    char xsmmUs[32], xsmmDiff[32];
    if (engines == 3) {
      std::snprintf(xsmmUs, sizeof xsmmUs, "%10.1f", us[2]);
      std::snprintf(xsmmDiff, sizeof xsmmDiff, "%.1e", diff[2]);
    } else {
      std::snprintf(xsmmUs, sizeof xsmmUs, "%10s", "no kernel");
      std::snprintf(xsmmDiff, sizeof xsmmDiff, "-");
    }
    std::printf("%-48s %-22s %10.1f %10.1f %s   %6.1f / %6.1f / %6.1f                  %.1e / %s\n", s.role, shape, us[0], us[1], xsmmUs, gflops[0], gflops[1],
                gflops[2], diff[1], xsmmDiff);
  }
  std::printf("one thread; median of %d rounds, the libraries in rotating order; libxsmm 1.17 generates no kernel for the NT products (a transposed first operand in its column-major terms): \"no kernel\"\n", ROUNDS);
  return 0;
}
