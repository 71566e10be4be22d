"""The settings the notebook runner reads from its environment, checked before any work.

`make figures` checks them too (scripts/settings.mk), before building; this module is the same check for
anyone who starts scripts/run_notebooks.py directly. A typo must stop the run with one line naming the valid
values (exit 2), not be caught 45 s later inside the kernel, nor read as "backend unavailable" and fall back to
the 300x slower cpu backend. The lists mirror lib/profile.ts and lib/backend/select.ts (test/settings.test.ts
holds them equal).
"""
import re

PROFILES = ("smoke", "quick", "long", "paper")
BACKENDS = ("node-gpu", "node", "wasm", "cpu")
SWITCH = ("0", "1")
GEMM_LIBRARIES = ("openblas", "onednn")  # lib/backend/nativeAddon.ts gemmChoice
CONV_ENGINES = ("onednn", "im2col")  # lib/backend/nativeAddon.ts convChoice
POSITIVE_INTEGER = re.compile(r"[1-9][0-9]*")


def _one_of(name, value, valid, may_be_unset):
    if value in valid or (may_be_unset and value == ""):
        return None
    return f'{name}="{value}" is not valid; valid values: {", ".join(valid)}{", or unset" if may_be_unset else ""}'


def _positive_integer(name, value, unset_means):
    if value == "" or POSITIVE_INTEGER.fullmatch(value):
        return None
    return f'{name}="{value}" is not valid; valid values: a positive integer, or unset for {unset_means}'


def settings_errors(env):
    """One message per invalid setting in `env` (a mapping like os.environ); empty when all are valid.

    PROFILE unset means quick; the others may be unset or empty. Values are compared as typed, except for the
    surrounding blanks the library also ignores (TFJS_BACKEND, SOBOLEV_NATIVE, SOBOLEV_GEMM, SOBOLEV_CONV,
    OPENBLAS_NUM_THREADS)."""
    checks = [
        _one_of("PROFILE", env.get("PROFILE", "quick"), PROFILES, may_be_unset=False),
        _one_of("TFJS_BACKEND", env.get("TFJS_BACKEND", "").strip(), BACKENDS, may_be_unset=True),
        _one_of("SOBOLEV_NATIVE", env.get("SOBOLEV_NATIVE", "").strip(), SWITCH, may_be_unset=True),
        _one_of("SOBOLEV_GEMM", env.get("SOBOLEV_GEMM", "").strip(), GEMM_LIBRARIES, may_be_unset=True),
        _one_of("SOBOLEV_CONV", env.get("SOBOLEV_CONV", "").strip(), CONV_ENGINES, may_be_unset=True),
        _positive_integer("OPENBLAS_NUM_THREADS", env.get("OPENBLAS_NUM_THREADS", "").strip(), "1"),
        _one_of("FORCE", env.get("FORCE", ""), SWITCH, may_be_unset=True),
        _positive_integer("JOBS", env.get("JOBS", "").strip(), "the number of cores"),
    ]
    return [message for message in checks if message is not None]
