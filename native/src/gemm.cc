// The one float32 matrix product of the pack (matmul.cc and conv.cc call it): oneDNN's sgemm where the build has
// oneDNN (Debian libdnnl-dev, 2.6.3: the library Debian's PyTorch 1.13 links), oneDNN is allowed (setGemmDnnl) and
// the product is not a thin one, OpenBLAS's sgemm otherwise. Measured on the project's machine (AMD EPYC, AVX-512, 1 thread), oneDNN took 0.76 to
// 0.94 of OpenBLAS's time on the products of our networks and convolutions (1024×64×64, the im2col products of the
// autoencoder and U-Net, 1024³), but 1.37 of it on a matrix-vector product (1024×1×64): OpenBLAS 0.3.21 runs this
// processor on its Cooperlake kernels, oneDNN on its own AVX-512 code. Which library computed a product changes its
// float32 rounding, so the choice is part of a run's cache key (lib/runs/cache.ts backendKeyPart). oneDNN is the
// default where the build has it (SOBOLEV_GEMM, lib/backend/nativeAddon.ts, has the measurements on whole steps).
#include <cblas.h>

#include <cstdint>

#include "kernels.h"

#ifdef SOBOLEV_DNNL
#include <oneapi/dnnl/dnnl.h>
#include <omp.h>
#endif

namespace sobolev {

namespace {
// Products with fewer output rows or columns than this stay on OpenBLAS (see above).
constexpr int64_t DNNL_MIN_SIDE = 8;
bool dnnlAllowed = false;

// The thread policy: a product runs on all the threads it is given (setGemmThreads) only from this many
// multiply-adds on, smaller ones on one. OpenBLAS 0.3.21 on the project's 2-core machine, time at 2 threads over
// time at 1: 0.98–1.17 for 0.26M–4.7M multiply-adds (the MLP layers, 1024×64×64: 1.06), 0.86 at 16.8M, 0.74 at
// 37.7M (an im2col product of the autoencoder), 0.49–0.57 at 151M and more. Below the threshold a second thread
// only costs its wake-up, so no step gets slower for being given more threads.
constexpr int64_t PARALLEL_MIN_MULTIPLY_ADDS = int64_t{1} << 23;
int threadsGiven = 1;
int openblasThreads = -1;  // what both libraries were last set to (-1: not yet)

// Both libraries follow the policy: OpenBLAS's pool and, with oneDNN, the OpenMP threads its sgemm and
// convolutions (convDnnl.cc) run on.
void useThreads(int threads) {
  if (threads == openblasThreads) return;
  openblas_set_num_threads(threads);
#ifdef SOBOLEV_DNNL
  omp_set_num_threads(threads);
#endif
  openblasThreads = threads;
}
}  // namespace

bool gemmHasDnnl() {
#ifdef SOBOLEV_DNNL
  return true;
#else
  return false;
#endif
}

void setGemmDnnl(bool allowed) { dnnlAllowed = allowed; }

bool gemmUsesDnnl() { return gemmHasDnnl() && dnnlAllowed; }

int gemmThreads() { return threadsGiven; }

void setGemmThreads(int threads) {
  threadsGiven = threads;
  useThreads(threads);
}

int64_t parallelMinMultiplyAdds() { return PARALLEL_MIN_MULTIPLY_ADDS; }

int useThreadsFor(int64_t multiplyAdds) {
  const int threads = threadsGiven > 1 && multiplyAdds >= PARALLEL_MIN_MULTIPLY_ADDS ? threadsGiven : 1;
  useThreads(threads);
  return threads;
}

void sgemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, int64_t ldb,
           float beta, float* c, int64_t ldc) {
  useThreadsFor(m * n * k);
#ifdef SOBOLEV_DNNL
  if (dnnlAllowed && m >= DNNL_MIN_SIDE && n >= DNNL_MIN_SIDE) {
    const dnnl_status_t status = dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
    if (status == dnnl_success) return;
    // dnnl_sgemm fails only on arguments OpenBLAS would refuse as well; let OpenBLAS report them.
  }
#endif
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, static_cast<int>(m),
              static_cast<int>(n), static_cast<int>(k), 1.0f, a, static_cast<int>(lda), b, static_cast<int>(ldb), beta, c,
              static_cast<int>(ldc));
}

}  // namespace sobolev
