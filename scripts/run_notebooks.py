#!/usr/bin/env python3
"""Execute the companion's notebooks headlessly with the tslab kernel, stopping at the first failing cell.

Never uses --allow-errors: with it tslab skips every cell after a failing one and the run still exits 0
(DESIGN.md). A failing cell stops the run with exit status 1 after printing the notebook, the cell (index,
first lines of its source) and the cell's own output, which is where tslab puts the error text. Output of
running cells is echoed live, so long runs show their progress. A notebook is written back, with its
outputs, only when every cell succeeded: a failed run leaves the previous notebook untouched. So are its
figure files and claim rows: the kernel writes them to a stage folder, moved into figures/ together just
before the notebook (run_folder.py, lib/io/staging.ts). A promise no cell awaited that rejects stops the
kernel with a report (scripts/kernelGuard.ts), and the failure names the cell that was running then.

SIGINT (or SIGTERM, SIGHUP) ends the run with one line, "interrupted: nothing from this notebook was written",
and exit status 130 (143, 129) (interruption.py). The kernel and its Chromium die with the runner however it
dies, SIGKILL included: the kernel watches its parent (kernelGuard.ts). Temporary files live in
data/tmp/<pid>-run-<notebook>/, removed on every exit, and by the next run after a SIGKILL.

A notebook whose inputs are unchanged is skipped, as make skips an up-to-date target: the executed notebook
stores a fingerprint of its cells (code and text), the compiled library files it loads, package-lock.json, the native
pack's sources, the profile and the backend variables, and it is rerun only when that fingerprint differs or a figure file it wrote is missing (--force
reruns everything). Its expensive runs are cached anyway; skipping saves the kernel, compile and browser start.

Exploration never overwrites the record: figures and claim records go to figures/ and executed notebooks to
notebooks/ only with COMPANION_RECORD=1 (set by `make figures`) in the quick or paper profile; otherwise both
go to the scratch folder data/tmp/<profile>/ (figures/ and notebooks/ in it), as lib/paths.ts decides for a
kernel started from the browser. FIGURES_DIR and --output-dir still choose the folders when given.

With --jobs N, N notebooks run at once, one kernel each (parallel_runs.py; `make figures` uses JOBS, default the
number of cores):
each kernel's matrix products use one BLAS thread unless OPENBLAS_NUM_THREADS says otherwise
(lib/backend/nativeAddon.ts), so the cores are shared between notebooks rather than inside one product.

Usage: run_notebooks.py [--output-dir DIR] [--timeout SECONDS] [--jobs N] [--force | --check] NOTEBOOK.ipynb [...]
The kernel spec is looked up in the project's own .jupyter/ folder (made by `make setup`).
"""
import argparse
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

import interruption
from interruption import Stopped
from notebook_settings import settings_errors
from parallel_runs import compute_seconds, expected_seconds, longest_first, run_in_parallel
from run_folder import RunFolder, move_into_place, remove_stale, temporary_root

ROOT = Path(__file__).resolve().parent.parent
KERNEL_GUARD = ROOT / "dist" / "scripts" / "kernelGuard.js"


class EchoingClient(NotebookClient):
    """A NotebookClient that echoes each cell's stream output to our stdout as it arrives."""

    prefix = ""

    def output(self, outs, msg, display_id, cell_index):
        if msg["msg_type"] == "stream":
            for line in msg["content"]["text"].splitlines():
                print(f"{self.prefix} {line}", flush=True)
        return super().output(outs, msg, display_id, cell_index)


def merge_streams(outputs):
    """Joins consecutive stream outputs of the same name, as Jupyter shows them, to keep notebooks small."""
    merged = []
    for out in outputs:
        if merged and out.get("output_type") == "stream" and merged[-1].get("output_type") == "stream" \
                and merged[-1]["name"] == out["name"]:
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    return merged


FINGERPRINT_ENV = ("PROFILE", "TFJS_BACKEND", "SOBOLEV_NATIVE", "OPENBLAS_NUM_THREADS", "SOBOLEV_GEMM", "SOBOLEV_CONV")

# A module specifier in compiled JavaScript or a notebook cell: `from "x"`, `import "x"`, `import("x")`.
SPECIFIER = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']""")


@functools.lru_cache(maxsize=None)
def file_bytes(path):
    return path.read_bytes()


def library_closure(nb):
    """The compiled library files a notebook loads: the dist/ modules its cells import, and theirs in turn.

    Only relative specifiers are followed (packages are covered by package-lock.json); a notebook thus goes
    stale when a library file it uses changes, not when an unrelated one does."""
    notebooks = ROOT / "notebooks"
    pending = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            pending += [(notebooks / spec).resolve() for spec in SPECIFIER.findall(cell.source) if spec.startswith(".")]
    seen = set()
    while pending:
        path = pending.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        text = file_bytes(path).decode("utf8", "replace")
        pending += [(path.parent / spec).resolve() for spec in SPECIFIER.findall(text) if spec.startswith(".")]
    return sorted(seen)


def fingerprint(nb):
    """What an executed notebook depends on: its cells (the text too, which the executed copy carries), the
    compiled library files it loads, the locked packages, the native kernel pack's sources, the profile and the
    backend variables."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        digest.update(cell.cell_type.encode() + b"\0" + cell.source.encode() + b"\0")
    native = sorted((ROOT / "native" / "src").glob("*")) + [ROOT / "native" / "binding.gyp"]
    for path in library_closure(nb) + [ROOT / "package-lock.json"] + [p for p in native if p.is_file()]:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + file_bytes(path) + b"\0")
    for name in FINGERPRINT_ENV:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    return digest.hexdigest()


def figure_files(nb):
    """The figures/ files an executed notebook says it wrote (in its text/plain outputs)."""
    found = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/plain", "") if "data" in out else out.get("text", "")
            found.update(re.findall(r"figures/((?:long/|paper/)?[A-Za-z0-9._-]+\.[a-z]+)\b", "".join(text)))
    return found


RECORDED_PROFILES = ("quick", "long", "paper")  # recordedProfiles in lib/paths.ts
MISSING_RUNS = ROOT / "dist" / "scripts" / "missingRuns.js"


def executed_name(path):
    """The executed notebook's file name: <name>.ipynb in the quick profile, <name>.<profile>.ipynb in the long and
    paper profiles of the record, beside the quick one in notebooks/ (so its links to ../figures/ still resolve)."""
    profile = os.environ.get("PROFILE", "quick")
    stem = Path(path).stem
    return f"{stem}.{profile}.ipynb" if writes_record() and profile in ("long", "paper") else f"{stem}.ipynb"


def missing_runs_report(path):
    """Empty when the notebook's planned runs all have records (or it has none, or the profile keeps no records);
    else what missingRuns.js printed: the runs and the command that computes them."""
    if os.environ.get("PROFILE", "quick") not in ("long", "paper"):
        return ""
    result = subprocess.run(["node", str(MISSING_RUNS), Path(path).stem], capture_output=True, text=True)
    if result.returncode == 0:
        return ""
    return result.stderr.strip() or f"missingRuns.js exited {result.returncode}"


def writes_record():
    """True for `make figures` (COMPANION_RECORD=1) in a recorded profile, as writesRecord in lib/paths.ts."""
    return os.environ.get("COMPANION_RECORD") == "1" and os.environ.get("PROFILE", "quick") in RECORDED_PROFILES


def scratch_dir():
    """data/tmp/<profile>/: where exploration writes its figures, records and executed notebooks."""
    return temporary_root(ROOT) / os.environ.get("PROFILE", "quick")


def figures_dir():
    """figures/ when writing the record, else data/tmp/<profile>/figures/ (FIGURES_DIR wins), absolute: the
    kernel runs in notebooks/. The same choice as figuresDir in lib/paths.ts."""
    if os.environ.get("FIGURES_DIR"):
        return Path(os.environ["FIGURES_DIR"]).resolve()
    return ROOT / "figures" if writes_record() else scratch_dir() / "figures"


def default_output_dir():
    """notebooks/ when writing the record, else data/tmp/<profile>/notebooks/."""
    return ROOT / "notebooks" if writes_record() else scratch_dir() / "notebooks"


def up_to_date(target, print_fingerprint):
    """True when the executed notebook at target has this fingerprint and all its figure files exist."""
    if not target.exists():
        return False
    done = nbformat.read(target, as_version=4)
    if done.metadata.get("companion", {}).get("fingerprint") != print_fingerprint:
        return False
    # The interactive .html copies are generated conveniences that git ignores: a fresh clone has none, and their
    # absence must not make a committed, up-to-date notebook rerun.
    return all((figures_dir() / name).exists() for name in figure_files(done) if not name.endswith(".html"))


def kernel_report(folder):
    """What scripts/kernelGuard.ts wrote when the kernel stopped on an error no cell caught, or None."""
    try:
        return json.loads(folder.kernel_report.read_text())
    except (OSError, ValueError):
        return None


def cell_of_execution(executed, report):
    """The index of the cell the kernel was running when it reported (its n-th execution), or None."""
    n = report.get("execution") if report else None
    return executed[n - 1] if isinstance(n, int) and 1 <= n <= len(executed) else None


def describe_failure(path, nb, index, error, report=None, runner_at=None):
    """What a reader needs to fix a failed cell: where it is, what it says, and everything it printed; when the
    kernel stopped on an error no cell caught, that error, and the cell the runner had reached if another."""
    cell = nb.cells[index]
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    lines = [
        "",
        "=" * 78,
        f"FAILED: {path}",
        f"cell {index + 1} of {len(nb.cells)} (code cell {code_cells.index(index) + 1} of {len(code_cells)})",
        "-" * 30 + " cell source " + "-" * 35,
    ]
    source = cell.source.splitlines()
    lines += source[:25] + ([f"... ({len(source) - 25} more lines)"] if len(source) > 25 else [])
    lines.append("-" * 30 + " cell output " + "-" * 35)
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            lines.append(f"[{out['name']}]")
            lines.append(out["text"].rstrip())
        elif out.get("output_type") == "error":
            lines.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
            lines += [line for line in out.get("traceback", [])]
    if report is not None:
        lines.append("-" * 30 + " kernel stopped " + "-" * 32)
        what = ("a promise that no cell awaited rejected" if report.get("kind") == "unhandled rejection"
                else "an exception was thrown outside any cell (a timer or callback)")
        lines.append(f"{what} while this cell ran or just after it (it may come from an earlier cell):")
        lines.append(str(report.get("error", "")).rstrip())
        if runner_at is not None and runner_at != index:
            lines.append(f"(the runner had already started cell {runner_at + 1} when the kernel stopped)")
    elif isinstance(error, (CellTimeoutError, DeadKernelError)):
        lines.append(f"{type(error).__name__}: {error}")
    lines.append("=" * 78)
    return "\n".join(lines)


# A cell of the smoke or quick profile that runs an hour has hung or met a machine far slower than planned.
QUICK_CELL_TIMEOUT = 3600


def run(path, output_dir, timeout, force=False):
    nb = nbformat.read(path, as_version=4)
    name = Path(path).stem
    target = Path(output_dir) / executed_name(path)
    print_fingerprint = fingerprint(nb)
    if not force and up_to_date(target, print_fingerprint):
        print(f"[{name}] unchanged since its last run, skipped (FORCE=1 reruns it): {target}", flush=True)
        return True
    missing = missing_runs_report(path)
    if missing:
        print(f"[{name}] not run: its runs are computed in shards, not by the notebook\n{missing}", file=sys.stderr, flush=True)
        return False
    client = EchoingClient(
        nb,
        kernel_name="tslab",
        timeout=timeout,
        allow_errors=False,
        force_raise_errors=True,
        record_timing=False,
        # Notebooks import the library as ../dist/lib/..., so the kernel always starts in notebooks/,
        # also for copies executed elsewhere (the smoke tests).
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    client.prefix = f"[{name}]"
    started = time.time()
    executed = []  # index of every cell sent to the kernel, in order: the kernel reports the n-th

    def on_cell_execute(cell, cell_index):
        executed.append(cell_index)

    client.on_cell_execute = on_cell_execute
    folder = RunFolder(temporary_root(ROOT), name)
    interruption.state.client, interruption.state.folder = client, folder
    try:
        print(f"[{name}] running {len(nb.cells)} cells (PROFILE={os.environ.get('PROFILE', 'quick')})", flush=True)
        data = temporary_root(ROOT).parent
        try:
            interruption.execute_in_thread(client, name, env=folder.kernel_env(KERNEL_GUARD, figures_dir(), data))
        except Stopped:
            interruption.kill_kernel(client)  # first, so that nothing writes into the folder removed below
            raise
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            runner_at = executed[-1] if executed else 0
            report = kernel_report(folder)
            at = cell_of_execution(executed, report)
            failed = runner_at if at is None else at
            print(describe_failure(path, nb, failed, error, report, runner_at), file=sys.stderr, flush=True)
            return False
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = merge_streams(cell.outputs)
        seconds = round(time.time() - started, 1)
        previous = expected_seconds(target)
        nb.metadata["companion"] = {
            "fingerprint": print_fingerprint,
            "seconds": seconds,
            "computeSeconds": compute_seconds(seconds, folder.runs_read_from_cache(), previous),
        }
        written = folder.path / target.name
        nbformat.write(nb, str(written))
        # Figures first, the notebook last: a notebook on disk always has its figures, and its fingerprint is
        # what says it is up to date.
        with interruption.publishing():
            folder.publish(figures_dir())
            move_into_place(written, target)
        print(f"[{name}] done in {time.time() - started:.1f} s -> {target}", flush=True)
        return True
    finally:
        folder.remove()
        interruption.state.client = interruption.state.folder = None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--output-dir", help="write executed notebooks here (default: notebooks/ with COMPANION_RECORD=1 "
                                             "in the quick or paper profile, else data/tmp/<profile>/notebooks/)")
    parser.add_argument("--timeout", type=int, default=None,
                        help="seconds allowed per cell (default: 3600 in the smoke and quick profiles; none in the paper "
                             "profile, whose cells run the paper's sample sizes and can take hours on a CPU)")
    parser.add_argument("--force", action="store_true", help="rerun notebooks even when unchanged")
    parser.add_argument("--jobs", type=int, default=1,
                        help="notebooks run at once, each in its own kernel and child runner (default 1: one after the "
                             "other in this process; `make figures` passes JOBS, default the number of cores)")
    parser.add_argument("--check", action="store_true",
                        help="run nothing: list the notebooks whose executed copy in --output-dir is stale (its "
                             "fingerprint differs or a figure file it wrote is missing) and exit 1 if any is")
    args = parser.parse_args()
    errors = settings_errors(os.environ)
    if errors:
        print(f"run_notebooks.py: {'; '.join(errors)}", file=sys.stderr)
        sys.exit(2)
    args.output_dir = Path(args.output_dir) if args.output_dir else default_output_dir()
    if args.timeout is None:
        args.timeout = None if os.environ.get("PROFILE") == "paper" else QUICK_CELL_TIMEOUT
    if args.check:
        stale = []
        for path in args.notebooks:
            target = args.output_dir / executed_name(path)
            if not up_to_date(target, fingerprint(nbformat.read(path, as_version=4))):
                stale.append(str(target))
        for target in stale:
            print(f"stale: {target}")
        print(f"notebooks: {len(args.notebooks) - len(stale)} up to date, {len(stale)} stale")
        sys.exit(1 if stale else 0)
    kernels = ROOT / ".jupyter" / "share" / "jupyter"
    if not (kernels / "kernels" / "tslab" / "kernel.json").exists():
        sys.exit(f"The tslab kernel is not registered in {kernels}. Run `make setup` first.")
    if not KERNEL_GUARD.exists():
        sys.exit(f"{KERNEL_GUARD.relative_to(ROOT)} is missing. Run `make build` first.")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(kernels), os.environ.get("JUPYTER_PATH")]))
    jobs = args.jobs
    if jobs < 1:
        sys.exit(f"run_notebooks.py: --jobs must be at least 1, got {jobs}")
    remove_stale(temporary_root(ROOT))
    if jobs > 1 and len(args.notebooks) > 1:
        child_args = ["--output-dir", str(args.output_dir), "--jobs", "1"]
        child_args += [] if args.timeout is None else ["--timeout", str(args.timeout)]
        child_args += ["--force"] if args.force else []
        print(f"running {len(args.notebooks)} notebooks, {min(jobs, len(args.notebooks))} at a time", flush=True)
        passed, failed = run_in_parallel(longest_first(args.notebooks, args.output_dir, executed_name), jobs, child_args)
        print(f"notebooks: {passed} passed, {failed} failed")
        sys.exit(1 if failed else 0)
    interruption.install()
    if not writes_record() and not os.environ.get("FIGURES_DIR"):
        print(f"PROFILE={os.environ.get('PROFILE', 'quick')} without COMPANION_RECORD=1 is exploration: executed notebooks "
              f"go to {args.output_dir}, figures and claim records to {figures_dir()}; the record (figures/, "
              f"notebooks/) is written only by `make figures` with PROFILE=quick or paper", flush=True)
    passed = failed = 0
    try:
        for path in args.notebooks:
            if run(path, args.output_dir, args.timeout, args.force or os.environ.get("FORCE") == "1"):
                passed += 1
            else:
                failed += 1
                break
            if interruption.state.pending is not None:  # arrived while this notebook's files were moved into place
                interruption.stop(Stopped(interruption.state.pending),
                                  f"{Path(path).stem} was written whole just before; no later notebook was started")
    except Stopped as stopped:
        interruption.stop(stopped, "nothing from this notebook was written")
    if os.environ.get("COMPANION_RUNNER_CHILD") != "1":
        print(f"notebooks: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
