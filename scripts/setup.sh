#!/usr/bin/env bash
# Everything `make figures` and `make test` need, installed from the npm and Debian registries only.
# Idempotent and quick when nothing is missing. Touches nothing outside the project but Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Node >= 20.19: notebooks (tslab compiles cells to CommonJS) load our ES-module library with require(esm).
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`setup: Node ${process.versions.node} is too old; the companion needs Node >= 20.19.`);
    process.exit(1);
  }'

# Debian packages: the Jupyter runner (nbclient), classic Notebook for reading, Chromium for static figures,
# Fashion-MNIST (30 MB, a dataset of Figure 5's runs, lib/images/fashionMnist.ts); and, optional, what the
# native kernel pack builds with (scripts/buildNative.sh): without them setup goes on and TensorFlow.js runs
# on plain WASM.
DEBIAN_PACKAGES=(jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-notebook chromium dataset-fashion-mnist)
NATIVE_DEBIAN_PACKAGES=(g++ make libopenblas-dev)
# oneDNN, for the native pack's convolutions (SOBOLEV_CONV) and optional oneDNN products (SOBOLEV_GEMM=onednn); installed on its own, so that its
# failure leaves the rest of the pack on.
ONEDNN_DEBIAN_PACKAGE=libdnnl-dev
not_installed() {
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$package"
  done
}
mapfile -t missing < <(not_installed "${DEBIAN_PACKAGES[@]}")
mapfile -t missing_native < <(command -v dpkg-query >/dev/null && not_installed "${NATIVE_DEBIAN_PACKAGES[@]}")
if ((${#missing[@]} + ${#missing_native[@]})) && [[ $(id -u) -eq 0 ]]; then
  say "installing Debian packages: ${missing[*]} ${missing_native[*]}"
  apt-get update -qq
  if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if ((${#missing_native[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_native[@]}" >/dev/null ||
      say "could not install ${missing_native[*]}; the native kernel pack will be off"
  fi
elif ((${#missing[@]})); then
  say "missing Debian packages: ${missing[*]}"
  say "install them with: sudo apt-get install -y ${missing[*]} ${missing_native[*]}"
  exit 1
elif ((${#missing_native[@]})); then
  say "optional Debian packages missing: ${missing_native[*]} (sudo apt-get install -y ${missing_native[*]});" \
    "without them the native kernel pack is off and TensorFlow.js runs on plain WASM"
fi
if [[ $(id -u) -eq 0 ]] && command -v dpkg-query >/dev/null && [[ -n $(not_installed "$ONEDNN_DEBIAN_PACKAGE") ]]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$ONEDNN_DEBIAN_PACKAGE" >/dev/null; } 2>/dev/null ||
    say "could not install $ONEDNN_DEBIAN_PACKAGE; the native pack is built without oneDNN (its convolutions run by im2col, about half as fast; SOBOLEV_GEMM=onednn and SOBOLEV_CONV=onednn unavailable)"
fi

# npm packages exactly as locked. tfjs-node(-gpu) are optional: their libtensorflow download may fail.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The optional native kernel pack (warns and goes on where it cannot build).
scripts/buildNative.sh

# The tslab kernel, registered inside the project (.jupyter/) so that nothing global is touched.
kernel=.jupyter/share/jupyter/kernels/tslab/kernel.json
if [[ ! -f $kernel ]] || ! grep -q "$PWD/node_modules/.bin/tslab" "$kernel"; then
  say "registering the tslab kernel in .jupyter/"
  node_modules/.bin/tslab install --python /usr/bin/python3 --prefix "$PWD/.jupyter" \
    --binary "$PWD/node_modules/.bin/tslab" >/dev/null
fi
