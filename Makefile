# make figures   regenerate every figure and table (PROFILE=smoke|quick|paper, default quick;
#                NOTEBOOK=2.2-optimization-landscape runs one notebook; unchanged notebooks are skipped,
#                FORCE=1 reruns them; JOBS=n runs n notebooks at once, default the number of cores;
#                SHARD=k/n computes the k-th of n slices of the planned runs and runs no notebook;
#                REBUILD_NATIVE=1 rebuilds the native kernel pack; TFJS_BACKEND, SOBOLEV_NATIVE, SOBOLEV_GEMM,
#                SOBOLEV_CONV and OPENBLAS_NUM_THREADS choose the backend, see README.md)
# make test      unit tests and every notebook in the smoke profile
# make notebook  open the notebooks in the browser (classic Jupyter Notebook, serving the repository root; trusts
#                the committed notebooks so their figures are interactive)
# make bench     time the benchmark workloads on our stack and PyTorch (if python3-torch is installed), interleaved
#                round by round (ROUNDS=n, default 15), with GFLOP/s against the sgemm peak; plain WASM too
SHELL := /bin/bash
PROFILE ?= quick
NOTEBOOK ?=
# Recipes read the settings from their environment ("$$NOTEBOOK"), never pasted into the command text.
export PROFILE NOTEBOOK ROUNDS JOBS SHARD

include scripts/settings.mk

# Notebooks run at once by make figures: unset means one per core (checked above before this default).
ifeq ($(strip $(JOBS)),)
JOBS := $(shell nproc)
endif

JUPYTER_PATH := $(CURDIR)/.jupyter/share/jupyter
export JUPYTER_PATH

.PHONY: setup build figures test notebook bench clean
.DEFAULT_GOAL := figures

setup:
	@scripts/setup.sh

build: setup
	@node_modules/.bin/tsc -p tsconfig.json

# The record (figures/, notebooks/*.ipynb) is written only in the quick and paper profiles; smoke runs go to
# data/tmp/smoke/ (lib/paths.ts). A notebook run from the browser never has COMPANION_RECORD and writes there too.
# With SHARD=k/n it computes the k-th of n slices of the planned runs instead and executes no notebook (README.md,
# "Paper scale"); a plain `make figures` in the same profile then assembles the notebooks from the records.
figures: build
	@if [ -n "$$SHARD" ]; then \
	  node dist/scripts/runShard.js "$$SHARD" $$NOTEBOOK; \
	else \
	  built=$$(node dist/scripts/buildNotebooks.js --out dist/notebooks $$NOTEBOOK) && \
	  COMPANION_RECORD=1 /usr/bin/python3 scripts/run_notebooks.py --jobs "$$JOBS" $$built && \
	  COMPANION_RECORD=1 node dist/scripts/resultsPage.js; \
	fi

test: build
	@node --test --test-reporter=spec dist/

bench: build
	@COMPANION_RECORD=1 node dist/scripts/bench.js $$ROUNDS

# Serves the repository root, so that the notebooks' links to ../figures/ and their plotly.js in ../node_modules/
# resolve, and opens at notebooks/. Trust cannot be committed, so the committed notebooks are trusted here
# (nbformat.sign is `jupyter trust`, which Debian does not install as a command): their figures become
# interactive. Jupyter refuses to run as root unless told; a normal user never needs the flag.
notebook: setup
	/usr/bin/python3 -m nbformat.sign notebooks/*.ipynb
	jupyter notebook --notebook-dir=. --NotebookApp.default_url=/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf dist data/cache data/tmp .jupyter
