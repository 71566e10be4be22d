#!/usr/bin/env bash
# Builds the optional native kernel pack (native/: a C++ N-API addon over OpenBLAS; loaded by
# lib/backend/nativeKernels.ts) with node-gyp, against the Node headers installed next to `node`, so
# nothing is downloaded. The pack is optional: when it cannot be built (no g++, no OpenBLAS, no Node
# headers, ...), this prints one warning line and exits 0; TensorFlow.js then runs on plain WASM and
# the backend report says "native kernels off (not built ...)".
# Quick when nothing changed: the addon is rebuilt only when a source is newer than it.
# REBUILD_NATIVE=1 rebuilds anyway (FORCE=1 is the runner's: it reruns notebooks, and builds nothing).
#
# Safe when two builds run at once (two `make figures`): each builds a copy of native/ in its own folder
# under data/tmp/, and only a build whose addon loads renames it into native/build/Release/; rename(2)
# replaces the file at once, so a reader loads the old addon or the new one, and a failed build leaves the
# previous one in place (and says so). The log of the last build is data/tmp/native-build.log, inside the
# project; it is renamed into place, so nothing there is written through a link.
set -uo pipefail
cd "$(dirname "$0")/.."

addon=native/build/Release/sobolev_native.node
log=data/tmp/native-build.log

off() {
  if [[ -f $addon ]]; then
    printf 'buildNative: WARNING: native kernel pack not rebuilt (%s); the previous build %s is kept and used.\n' "$1" "$addon" >&2
  else
    printf 'buildNative: WARNING: native kernel pack not built (%s); TensorFlow.js will run on plain WASM, several times slower.\n' "$1" >&2
  fi
  exit 0
}

if [[ ${REBUILD_NATIVE:-0} != 1 && -f $addon ]] && [[ -z $(find native/binding.gyp native/src -newer "$addon" -print -quit) ]]; then
  exit 0
fi

compiler=$(command -v g++ || command -v c++) || off "no C++ compiler: install g++ (Debian: apt-get install g++)"
command -v make >/dev/null || off "no make: install make"
command -v python3 >/dev/null || off "no python3, which node-gyp needs"
printf '#include <cblas.h>\nint main() { float a = 1, c = 0; cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 1, 1.0f, &a, 1, &a, 1, 0.0f, &c, 1); return openblas_get_num_threads() < 1; }\n' |
  "$compiler" -x c++ - -lopenblas -o /dev/null 2>/dev/null || off "OpenBLAS not found: install libopenblas-dev"

# oneDNN (Debian libdnnl-dev) is optional: with it the pack's sgemm runs on oneDNN (native/src/gemm.cc).
dnnl=0
if printf '#include <oneapi/dnnl/dnnl.h>\nint main() { const char n[] = "N"; float a = 1, c = 0; return dnnl_sgemm(n[0], n[0], 1, 1, 1, 1.0f, &a, 1, &a, 1, 0.0f, &c, 1) != dnnl_success; }\n' |
  "$compiler" -x c++ - -ldnnl -o /dev/null 2>/dev/null; then
  dnnl=1
else
  printf 'buildNative: oneDNN not found (Debian: apt-get install libdnnl-dev): matrix products and convolutions use OpenBLAS only\n' >&2
fi

# node-gyp: the project's, else one on PATH, else the copy bundled with npm.
if [[ -x node_modules/.bin/node-gyp ]]; then
  gyp=("$PWD/node_modules/.bin/node-gyp")
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

# Our own folder, named by our process id (the notebook runner removes those of dead processes), removed on
# every exit; a signal exits through the EXIT trap too.
mkdir -p data/tmp
work=$(mktemp -d "data/tmp/$$-native-build.XXXXXX") || off "cannot create a build folder in data/tmp"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
cp -R native/binding.gyp native/src "$work/"

keep_log() { mv -f "$work/build.log" "$log"; }

printf 'buildNative: building the native kernel pack (node-gyp, %s, OpenBLAS%s)\n' "$(basename "$compiler")" "$([[ $dnnl == 1 ]] && echo ', oneDNN')"
if ! "${gyp[@]}" rebuild --directory="$work" --nodedir="$prefix" -- -Ddnnl=$dnnl >"$work/build.log" 2>&1; then
  keep_log
  off "node-gyp failed: $(grep -m1 -iE 'error' "$log" | cut -c1-160); full log in $log"
fi
built="$work/build/Release/sobolev_native.node"
if ! node -e 'require(process.argv[1]).info()' "$PWD/$built" 2>>"$work/build.log"; then
  keep_log
  off "the built addon does not load; log in $log"
fi
mkdir -p "$(dirname "$addon")"
mv -f "$built" "$addon" || off "could not move the new addon into $addon"
keep_log
