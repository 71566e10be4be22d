"""Running several notebooks at once: one child runner per notebook, at most `jobs` at a time.

Each notebook runs in its own child process (run_notebooks.py with that notebook alone), so everything a run
guarantees (the stage folder, the fingerprint, the one-line interruption) holds per notebook unchanged. The
children inherit stdout and stderr; their lines are prefixed with the notebook's name. The longest notebooks
start first (by the compute time their executed copy records, `expected_seconds`), which keeps the cores busy to
the end.

After the first failure no further notebook starts; those running finish, since what they write is whole
either way. SIGINT, SIGTERM or SIGHUP is passed on to every running child (each removes its own run folder
and prints its line), and the parent exits with 128 + the signal's number once they have stopped.
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from interruption import SIGNALS


def companion_metadata(target):
    """The companion metadata of the executed notebook at `target` ({} when there is none or it cannot be read)."""
    try:
        with open(target, encoding="utf-8") as handle:
            companion = json.load(handle).get("metadata", {}).get("companion", {})
        return companion if isinstance(companion, dict) else {}
    except (OSError, ValueError):
        return {}


def number_or_none(value):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def expected_seconds(target):
    """What running the notebook at `target` again is expected to take: the compute time it records
    (computeSeconds), else its last wall time (seconds), else None."""
    companion = companion_metadata(target)
    compute = number_or_none(companion.get("computeSeconds"))
    return compute if compute is not None else number_or_none(companion.get("seconds"))


def compute_seconds(seconds, runs_read, previous):
    """The compute time to record: this execution's seconds when it read no run from the cache (`runs_read`, the
    library's tally, lib/runs/cache.ts); otherwise its seconds are mostly loading and plotting, so the larger of
    them and the previous copy's expected_seconds (None: unknown) stands. Without it a notebook executed from the
    cache would look short and start last, after the long ones."""
    if runs_read == 0:
        return seconds
    return seconds if previous is None else max(seconds, previous)


def longest_first(paths, output_dir, executed_name):
    """Notebooks without a recorded time first (unknown may be long), then by expected seconds, descending.
    `executed_name(path)` names a notebook's executed copy in output_dir."""
    def key(path):
        seconds = expected_seconds(Path(output_dir) / executed_name(path))
        return (0, 0.0) if seconds is None else (1, -seconds)
    return sorted(paths, key=key)


def run_in_parallel(paths, jobs, child_args):
    """Runs `run_notebooks.py <child_args> <path>` for each path, `jobs` at a time. Returns (passed, failed)."""
    script = Path(__file__).resolve().parent / "run_notebooks.py"
    queue = list(paths)
    running = {}  # Popen -> path
    passed = failed = 0
    stopping = {"signum": None}

    def forward(signum, _frame):
        stopping["signum"] = signum
        for child in running:
            if child.poll() is None:
                child.send_signal(signum)

    previous = {signum: signal.signal(signum, forward) for signum in SIGNALS}
    try:
        while queue or running:
            while queue and len(running) < jobs and not failed and stopping["signum"] is None:
                path = queue.pop(0)
                # The child's own summary line would repeat the parent's; it prints its notebook's lines only.
                env = {**os.environ, "COMPANION_RUNNER_CHILD": "1"}
                running[subprocess.Popen([sys.executable, str(script), *child_args, path], env=env)] = path
            if not running:
                break
            time.sleep(0.2)
            for child in [c for c in running if c.poll() is not None]:
                del running[child]
                if child.returncode == 0:
                    passed += 1
                else:
                    failed += 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if stopping["signum"] is not None:
        print(f"interrupted: {passed} notebook(s) were written whole; the others wrote nothing", flush=True)
        sys.exit(128 + stopping["signum"])
    if failed and queue:
        print(f"not started after the failure: {', '.join(Path(p).stem for p in queue)}", flush=True)
    return passed, failed
