// 2-D convolutions on oneDNN's own primitives (Debian libdnnl-dev 2.6.3, the library and version Debian's PyTorch
// 1.13 runs its CPU convolutions on), for builds with oneDNN (SOBOLEV_DNNL); conv.cc decides when they are used.
// The activations stay NHWC on the WASM heap; the filter, [kh, kw, C, Co] (oneDNN's "hwio"), is reordered per call
// into the blocked layout the primitive asks for ("any"), and the filter gradient back from it: with the filter
// fixed to hwio, oneDNN 2.6 falls back to its gemm convolution, 1.5–2 times slower than im2col + sgemm here,
// whereas with "any" it takes its AVX-512 kernels (brgconv forward, jit backward) at about half the time of
// im2col + sgemm on the autoencoder's and U-Net's 3×3 convolutions (1 thread; numbers in nativeConv.ts).
// Primitives are built once per geometry and thread count and kept (a network has a handful of shapes).
#include "kernels.h"

#ifdef SOBOLEV_DNNL
#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>

#include <array>
#include <map>
#include <memory>
#include <vector>

namespace sobolev {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpuStream() {
  static dnnl::stream stream(cpuEngine());
  return stream;
}

// A reorder between two layouts of one tensor, with the buffer of its blocked side; none when the layouts agree.
struct Relayout {
  bool needed = false;
  memory::desc blocked;
  dnnl::reorder primitive;
  std::vector<float> buffer;

  Relayout() = default;
  // toBlocked: from `user` into `blocked`; otherwise from `blocked` back into `user`.
  Relayout(const memory::desc& user, const memory::desc& wanted, bool toBlocked) : needed(wanted != user), blocked(wanted) {
    if (!needed) return;
    auto& e = cpuEngine();
    primitive = toBlocked ? dnnl::reorder(dnnl::reorder::primitive_desc(e, user, e, wanted))
                          : dnnl::reorder(dnnl::reorder::primitive_desc(e, wanted, e, user));
    buffer.resize(wanted.get_size() / sizeof(float));
  }
};

// The three primitives of one geometry, built together: the backward ones take the forward one as their hint.
struct Primitives {
  memory::desc x, filter, y;  // NHWC activations and the hwio filter, as they lie on the heap
  dnnl::convolution_forward forward;
  dnnl::convolution_backward_data backwardData;
  dnnl::convolution_backward_weights backwardFilter;
  Relayout filterForward, filterBackwardData, filterGradient;
};

using Key = std::array<int64_t, 16>;  // ConvGeometry's 15 numbers and the thread count
constexpr size_t MAX_CACHED = 256;     // far above any network's shapes: a bound, not a tuning knob
std::map<Key, std::unique_ptr<Primitives>> cache;

// The padding after the last row and column that makes oneDNN's output size come out as g's.
int64_t bottomPadding(const ConvGeometry& g) { return (g.ho - 1) * g.sh + (g.kh - 1) * g.dh + 1 - g.h - g.top; }
int64_t rightPadding(const ConvGeometry& g) { return (g.wo - 1) * g.sw + (g.kw - 1) * g.dw + 1 - g.w - g.left; }

Primitives build(const ConvGeometry& g) {
  using dnnl::algorithm;
  using dnnl::prop_kind;
  const auto f32 = memory::data_type::f32;
  Primitives p;
  p.x = memory::desc({g.n, g.c, g.h, g.w}, f32, Tag::nhwc);
  p.y = memory::desc({g.n, g.co, g.ho, g.wo}, f32, Tag::nhwc);
  p.filter = memory::desc({g.co, g.c, g.kh, g.kw}, f32, Tag::hwio);
  const memory::desc anyFilter({g.co, g.c, g.kh, g.kw}, f32, Tag::any);
  // oneDNN counts dilation from 0 (no gaps), tfjs from 1; its right and bottom padding is what makes ho and wo come out.
  const memory::dims strides{g.sh, g.sw}, dilations{g.dh - 1, g.dw - 1}, before{g.top, g.left};
  const memory::dims after{bottomPadding(g), rightPadding(g)};
  auto& e = cpuEngine();
  const dnnl::convolution_forward::primitive_desc forward(
      {prop_kind::forward_training, algorithm::convolution_direct, p.x, anyFilter, p.y, strides, dilations, before, after}, e);
  const dnnl::convolution_backward_data::primitive_desc data(
      {algorithm::convolution_direct, p.x, anyFilter, p.y, strides, dilations, before, after}, e, forward);
  const dnnl::convolution_backward_weights::primitive_desc filter(
      {algorithm::convolution_direct, p.x, anyFilter, p.y, strides, dilations, before, after}, e, forward);
  p.forward = dnnl::convolution_forward(forward);
  p.backwardData = dnnl::convolution_backward_data(data);
  p.backwardFilter = dnnl::convolution_backward_weights(filter);
  p.filterForward = Relayout(p.filter, forward.weights_desc(), true);
  p.filterBackwardData = Relayout(p.filter, data.weights_desc(), true);
  p.filterGradient = Relayout(p.filter, filter.diff_weights_desc(), false);
  return p;
}

Primitives& primitives(const ConvGeometry& g, int threads) {
  const Key key{g.n, g.h, g.w, g.c, g.kh, g.kw, g.co, g.ho, g.wo, g.sh, g.sw, g.dh, g.dw, g.top, g.left, threads};
  auto found = cache.find(key);
  if (found != cache.end()) return *found->second;
  if (cache.size() >= MAX_CACHED) cache.clear();
  auto made = std::make_unique<Primitives>(build(g));
  return *cache.emplace(key, std::move(made)).first->second;
}

memory onHeap(const memory::desc& d, const float* data) { return memory(d, cpuEngine(), const_cast<float*>(data)); }

// The filter as `r` wants it: the user's memory, or its reorder into r's buffer.
memory filterFor(Relayout& r, memory user) {
  if (!r.needed) return user;
  memory blocked(r.blocked, cpuEngine(), r.buffer.data());
  r.primitive.execute(cpuStream(), user, blocked);
  return blocked;
}

// oneDNN sizes its OpenMP team when a primitive is built, so the threads are set before the cache lookup.
Primitives& prepare(const ConvGeometry& g) {
  const int threads = useThreadsFor(g.n * g.ho * g.wo * g.kh * g.kw * g.c * g.co);
  return primitives(g, threads);
}

}  // namespace

// Padding on every side between 0 and the filter's reach. Not so for a numeric pad with unequal strides, where
// tfjs-core 4.22 sizes both output axes with the height stride (nativeConv.ts, wasmMisreads): the width then
// needs a negative padding after the last column, which oneDNN 2.6's kernels accept but then write past the end
// of dx (measured: a corrupted WASM heap, every later kernel trapping). im2col computes those.
bool convFitsDnnl(const ConvGeometry& g) {
  const int64_t bottom = bottomPadding(g), right = rightPadding(g);
  return g.top >= 0 && g.left >= 0 && bottom >= 0 && right >= 0 && g.top + bottom < (g.kh - 1) * g.dh + 1 + g.sh &&
         g.left + right < (g.kw - 1) * g.dw + 1 + g.sw;
}

bool conv2dForwardDnnl(const float* x, const float* f, float* y, const ConvGeometry& g) {
  try {
    Primitives& p = prepare(g);
    const memory filter = filterFor(p.filterForward, onHeap(p.filter, f));
    p.forward.execute(cpuStream(), {{DNNL_ARG_SRC, onHeap(p.x, x)}, {DNNL_ARG_WEIGHTS, filter}, {DNNL_ARG_DST, onHeap(p.y, y)}});
    cpuStream().wait();
    return true;
  } catch (const dnnl::error&) {
    return false;
  }
}

bool conv2dBackpropInputDnnl(const float* dy, const float* f, float* dx, const ConvGeometry& g) {
  try {
    Primitives& p = prepare(g);
    const memory filter = filterFor(p.filterBackwardData, onHeap(p.filter, f));
    p.backwardData.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, onHeap(p.y, dy)}, {DNNL_ARG_WEIGHTS, filter}, {DNNL_ARG_DIFF_SRC, onHeap(p.x, dx)}});
    cpuStream().wait();
    return true;
  } catch (const dnnl::error&) {
    return false;
  }
}

bool conv2dBackpropFilterDnnl(const float* x, const float* dy, float* df, const ConvGeometry& g) {
  try {
    Primitives& p = prepare(g);
    Relayout& r = p.filterGradient;
    memory user = onHeap(p.filter, df);
    memory gradient = r.needed ? memory(r.blocked, cpuEngine(), r.buffer.data()) : user;
    p.backwardFilter.execute(cpuStream(), {{DNNL_ARG_SRC, onHeap(p.x, x)}, {DNNL_ARG_DIFF_DST, onHeap(p.y, dy)}, {DNNL_ARG_DIFF_WEIGHTS, gradient}});
    if (r.needed) r.primitive.execute(cpuStream(), gradient, user);
    cpuStream().wait();
    return true;
  } catch (const dnnl::error&) {
    return false;
  }
}

}  // namespace sobolev

#else  // a build without oneDNN: conv.cc never calls these (convUsesDnnl() is false), but they must link.

namespace sobolev {
bool convFitsDnnl(const ConvGeometry&) { return false; }
bool conv2dForwardDnnl(const float*, const float*, float*, const ConvGeometry&) { return false; }
bool conv2dBackpropInputDnnl(const float*, const float*, float*, const ConvGeometry&) { return false; }
bool conv2dBackpropFilterDnnl(const float*, const float*, float*, const ConvGeometry&) { return false; }
}  // namespace sobolev

#endif
