#!/usr/bin/env bash
# Builds the optional native kernel pack (native/: a C++ N-API addon over OpenBLAS; loaded by
# lib/backend/nativeKernels.ts) with node-gyp, against the Node headers installed next to `node`, so
# nothing is downloaded. The pack is optional: when it cannot be built (no g++, no OpenBLAS, no Node
# headers, ...), this prints one warning line and exits 0; TensorFlow.js then runs on plain WASM and
# the backend report says "native kernels off (not built ...)".
# Quick when nothing changed: the addon is rebuilt only when a source is newer than it.
# FORCE=1 rebuilds anyway.
set -uo pipefail
cd "$(dirname "$0")/.."

addon=native/build/Release/sobolev_native.node
log=${TMPDIR:-/tmp}/sobolev-native-build.log

off() {
  printf 'buildNative: WARNING: native kernel pack not built (%s); TensorFlow.js will run on plain WASM, several times slower.\n' "$1" >&2
  exit 0
}

if [[ ${FORCE:-0} != 1 && -f $addon ]] && [[ -z $(find native/binding.gyp native/src -newer "$addon" -print -quit) ]]; then
  exit 0
fi

compiler=$(command -v g++ || command -v c++) || off "no C++ compiler: install g++ (Debian: apt-get install g++)"
command -v make >/dev/null || off "no make: install make"
command -v python3 >/dev/null || off "no python3, which node-gyp needs"
printf '#include <cblas.h>\nint main() { float a = 1, c = 0; cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 1, 1.0f, &a, 1, &a, 1, 0.0f, &c, 1); return openblas_get_num_threads() < 1; }\n' |
  "$compiler" -x c++ - -lopenblas -o /dev/null 2>/dev/null || off "OpenBLAS not found: install libopenblas-dev"

# node-gyp: the project's, else one on PATH, else the copy bundled with npm.
if [[ -x node_modules/.bin/node-gyp ]]; then
  gyp=(node_modules/.bin/node-gyp)
elif command -v node-gyp >/dev/null; then
  gyp=(node-gyp)
else
  bundled="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  [[ -f $bundled ]] || off "node-gyp not found (neither in node_modules, on PATH, nor bundled with npm)"
  gyp=(node "$bundled")
fi

# Node's headers where node is installed (Debian: /usr/include/node), so node-gyp downloads nothing.
prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
[[ -f $prefix/include/node/node_api.h ]] || off "no Node headers under $prefix/include/node (Debian: apt-get install libnode-dev)"

printf 'buildNative: building the native kernel pack (node-gyp, %s, OpenBLAS)\n' "$(basename "$compiler")"
if ! "${gyp[@]}" rebuild --directory=native --nodedir="$prefix" >"$log" 2>&1; then
  off "node-gyp failed: $(grep -m1 -iE 'error' "$log" | cut -c1-160); full log in $log"
fi
node -e 'require(process.argv[1]).info()' "$PWD/$addon" 2>>"$log" || off "the built addon does not load; log in $log"
