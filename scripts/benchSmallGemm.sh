#!/usr/bin/env bash
# Builds and runs scripts/benchSmallGemm.cc (OpenBLAS, oneDNN and libxsmm on the Fig. 2 MLP's products, one thread).
# Needs Debian's libopenblas-dev, libdnnl-dev and libxsmm-dev; says which is missing and exits 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for pair in "cblas.h:libopenblas-dev" "oneapi/dnnl/dnnl.h:libdnnl-dev" "libxsmm.h:libxsmm-dev"; do
  printf '#include <%s>\nint main() { return 0; }\n' "${pair%%:*}" | g++ -x c++ - -fsyntax-only 2>/dev/null || missing+=("${pair##*:}")
done
if ((${#missing[@]} > 0)); then
  echo "benchSmallGemm: missing ${missing[*]} (apt-get install -y ${missing[*]})" >&2
  exit 1
fi
mkdir -p data/tmp
g++ -O2 -std=c++17 -fopenmp scripts/benchSmallGemm.cc -o data/tmp/benchSmallGemm -lxsmm -lxsmmnoblas -lopenblas -ldnnl -lpthread -ldl -lm
data/tmp/benchSmallGemm
