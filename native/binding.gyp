# The native kernel pack: an N-API addon (Node's own node_api.h) linked against OpenBLAS, glibc's libmvec and,
# with dnnl=1 (scripts/buildNative.sh sets it when Debian's libdnnl-dev is installed), oneDNN.
# Built by scripts/buildNative.sh with node-gyp; optional (lib/backend/nativeKernels.ts).
# -fno-trapping-math lets g++ vectorise the conditional products of the ReLU family (x < 0 ? a x : x): under the
# default it may not compute a product the branch skips, and leaves the loop scalar and branchy (LeakyRelu of
# [64, 14, 14, 16]: 1.2 ms against 0.03). It changes no value: nothing is reassociated or contracted.
{
  "variables": { "dnnl%": "0" },
  "targets": [
    {
      "target_name": "sobolev_native",
      "sources": ["src/addon.cc", "src/matmul.cc", "src/elementwise.cc", "src/binary.cc", "src/reduce.cc", "src/conv.cc", "src/convDnnl.cc", "src/gemm.cc", "src/denseJet.cc", "src/hessianJet.cc", "src/adjointStep.cc", "src/layout.cc", "src/silu.cc"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas", "-lmvec", "-lm"],
      "conditions": [["dnnl==1", { "defines": ["SOBOLEV_DNNL"], "libraries": ["-ldnnl", "-lgomp"] }]]
    }
  ]
}
