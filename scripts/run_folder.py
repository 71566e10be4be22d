"""The runner's temporary folder for one notebook, and moving a finished notebook's files into place.

Every temporary file of a run lives in one folder, data/tmp/<runner pid>-run-<notebook>/ (data/tmp/ is
ignored by git): the kernel's temporary directory (TMPDIR: playwright's Chromium profiles), its atomic-write
temporaries (COMPANION_TMP), the stage folder where figure files and claim rows wait until the whole notebook
has passed (COMPANION_STAGE_DIR, see lib/io/staging.ts), the kernel's error report, and the executed notebook
before it is renamed into place. The runner removes the folder on every exit path it lives through; the
folders of runners that were killed (SIGKILL) are removed by the next run (remove_stale).

One exception: Chromium's own temporary folder, which holds its singleton socket, whose path may not exceed
107 bytes (a Unix socket address): under data/tmp/ of a project at a long path it would, and Chromium aborts
("Socket path too long"). It gets a short folder in the system's temporary folder instead,
sobolev-chromium-<runner pid>-XXXX/ (COMPANION_CHROMIUM_TMP, read by lib/plot/browser.ts), removed like the
rest, and after a SIGKILL by the next run.
"""
import errno
import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_TMP_PREFIX = "sobolev-chromium-"
# The folder of the stage where the kernel leaves its own claim rows (OWN_ROWS_FOLDER in lib/checks/claimRecord.ts).
OWN_ROWS = ".claim-rows"
MERGE_SCRIPT = Path(__file__).resolve().parent.parent / "dist" / "scripts" / "mergeClaimRows.js"


def temporary_root(root):
    """data/tmp/ of the data folder (DATA_DIR, as lib/paths.ts reads it)."""
    return Path(os.environ.get("DATA_DIR") or root / "data").resolve() / "tmp"


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(entry):
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)


def _dead_owner(name):
    """True when `name` starts with `<pid>-` and that process is gone (never our own)."""
    pid, dash, _ = name.partition("-")
    return bool(dash) and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))


def remove_stale(tmp_root):
    """Removes the entries of data/tmp/ named `<pid>-...` whose process is gone, and the Chromium folders of
    such runners in the system's temporary folder (ours only). Returns their paths."""
    removed = []
    if tmp_root.is_dir():
        for entry in tmp_root.iterdir():
            if _dead_owner(entry.name):
                _remove(entry)
                removed.append(entry)
    for entry in Path(tempfile.gettempdir()).glob(f"{CHROMIUM_TMP_PREFIX}*"):
        if _dead_owner(entry.name[len(CHROMIUM_TMP_PREFIX):]) and entry.lstat().st_uid == os.getuid():
            _remove(entry)
            removed.append(entry)
    return removed


def move_into_place(source, target):
    """Renames source over target, so a reader sees the old file or the new one. Across file systems (EXDEV)
    it copies to a hidden sibling of target first and renames that; the sibling never outlives the call."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)
        return
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
    sibling = target.parent / f".{target.name}.{os.getpid()}.tmp"
    try:
        shutil.copy2(source, sibling)
        os.replace(sibling, target)
    finally:
        sibling.unlink(missing_ok=True)


@contextmanager
def records_lock(figures):
    """Holds an exclusive lock on the claim records of `figures` (flock: released when the process dies, so a
    killed run never leaves a stale lock). The lock file lives in the system's temporary folder, named after the
    figures folder, so that figures/ and data/tmp/ hold nothing of it."""
    key = hashlib.sha256(str(Path(figures).resolve()).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"sobolev-records-{key}.lock"
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class RunFolder:
    """data/tmp/<pid>-run-<name>/ with tmp/ (the kernel's TMPDIR) and stage/ (figures waiting to be published)."""

    def __init__(self, tmp_root, name):
        self.path = tmp_root / f"{os.getpid()}-run-{name}"
        shutil.rmtree(self.path, ignore_errors=True)
        (self.path / "tmp").mkdir(parents=True)
        (self.path / "stage").mkdir()
        self.stage = self.path / "stage"
        self.kernel_report = self.path / "kernel-report.json"
        self.run_tally = self.path / "run-tally"
        self.chromium_tmp = Path(tempfile.mkdtemp(prefix=f"{CHROMIUM_TMP_PREFIX}{os.getpid()}-"))

    def kernel_env(self, guard, figures, data):
        """The kernel's environment: ours, plus where its temporary and staged files go, where it reports an error
        no cell caught, where the library tallies the runs it read from the cache or computed (lib/runs/cache.ts),
        and the guard (scripts/kernelGuard.ts) preloaded. Folders are absolute: the kernel runs in
        notebooks/, the runner anywhere."""
        env = dict(os.environ)
        env.update(
            TMPDIR=str(self.path / "tmp"),
            COMPANION_TMP=str(self.path / "tmp"),
            COMPANION_STAGE_DIR=str(self.stage),
            COMPANION_KERNEL_REPORT=str(self.kernel_report),
            COMPANION_RUN_TALLY=str(self.run_tally),
            COMPANION_CHROMIUM_TMP=str(self.chromium_tmp),
            FIGURES_DIR=str(figures),
            DATA_DIR=str(data),
        )
        env["NODE_OPTIONS"] = " ".join(filter(None, [env.get("NODE_OPTIONS", ""), f"--import={guard.as_uri()}"]))
        return env

    def runs_read_from_cache(self):
        """How many runs the kernel read from the run cache (its tally; 0 when it asked for none)."""
        try:
            return sum(1 for line in self.run_tally.read_text().split("\n") if line == "read")
        except OSError:
            return 0

    def staged_files(self):
        own_rows = self.stage / OWN_ROWS
        return sorted(p.relative_to(self.stage) for p in self.stage.rglob("*")
                      if p.is_file() and own_rows not in p.parents)

    def merge_own_rows(self, figures):
        """Merges the notebook's own claim rows again into the records of figures/ as they are now: the merged
        records the kernel staged hold the other notebooks' rows as they were when it saved, and a run that
        published since would lose its rows. Call with the records' lock held."""
        if not (self.stage / OWN_ROWS).is_dir():
            return
        env = dict(os.environ, FIGURES_DIR=str(figures), COMPANION_STAGE_DIR=str(self.stage),
                   COMPANION_TMP=str(self.path / "tmp"))
        subprocess.run(["node", str(MERGE_SCRIPT), str(self.stage)], env=env, check=True)
        shutil.rmtree(self.stage / OWN_ROWS)

    def publish(self, figures):
        """Moves every staged file to the same place under figures/, the claim records merged again under the
        records' lock, so that concurrent runs of different notebooks keep each other's rows. Returns their
        relative paths."""
        with records_lock(figures):
            self.merge_own_rows(figures)
            files = self.staged_files()
            for relative in files:
                move_into_place(self.stage / relative, figures / relative)
        return files

    def remove(self):
        shutil.rmtree(self.path, ignore_errors=True)
        shutil.rmtree(self.chromium_tmp, ignore_errors=True)
