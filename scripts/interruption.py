"""Stopping the runner on SIGINT, SIGTERM or SIGHUP: one line, the kernel killed, the run folder removed.

nbclient's own handlers shut the kernel down from inside its event loop and let the cell fail, which printed
about 50 lines of tracebacks and never said "interrupted". The runner therefore executes a notebook in a
worker thread (execute_in_thread), where nbclient cannot install signal handlers, and handles the signals in
the main thread itself: it kills the kernel's process group, removes the notebook's run folder (its staged
figures with it), prints one line and exits with 128 + the signal's number (130 for SIGINT) without
unwinding, so that nothing else is printed.

While a finished notebook's files are moved into place (`publishing()`), a signal is held back until they all
are: a notebook's outputs appear together or not at all.
"""
import contextlib
import os
import signal
import sys
import threading

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(BaseException):
    """A signal asked the runner to stop (a BaseException, like KeyboardInterrupt: no `except Exception` eats it)."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _State:
    client = None  # the NotebookClient running now, whose kernel a stop kills
    folder = None  # the RunFolder of the notebook running now, which a stop removes
    publishing = False
    pending = None  # a signal that arrived while publishing


state = _State()


def _on_signal(signum, _frame):
    if state.publishing:
        state.pending = state.pending or signum
        return
    raise Stopped(signum)


def install():
    for signum in SIGNALS:
        signal.signal(signum, _on_signal)


@contextlib.contextmanager
def publishing():
    """Holds signals back while the block runs; one that arrived meanwhile stays in state.pending, for the
    runner to stop on once it has said what was written."""
    state.publishing = True
    try:
        yield
    finally:
        state.publishing = False


def kill_kernel(client):
    """SIGKILL to the kernel's process group (jupyter_client starts the kernel in a session of its own)."""
    provisioner = getattr(getattr(client, "km", None), "provisioner", None)
    pid = getattr(provisioner, "pid", None)
    if not pid:
        return
    try:
        os.killpg(getattr(provisioner, "pgid", None) or pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def stop(stopped, what):
    """Ends the runner after a signal: kernel killed, run folder removed, one line on stderr, exit 128 + signal."""
    kill_kernel(state.client)
    if state.folder is not None:
        state.folder.remove()
    name = "interrupted" if stopped.signum == signal.SIGINT else f"stopped by {signal.Signals(stopped.signum).name}"
    sys.stdout.flush()
    print(f"{name}: {what}", file=sys.stderr, flush=True)
    os._exit(128 + stopped.signum)


def execute_in_thread(client, name, **kwargs):
    """client.execute(**kwargs) in a worker thread, waited for here; its exception, if any, is raised here."""
    outcome = {}

    def target():
        try:
            client.execute(**kwargs)
        except BaseException as error:  # noqa: B902 - handed to the main thread as is
            outcome["error"] = error

    thread = threading.Thread(target=target, name=f"notebook {name}", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.1)
    if "error" in outcome:
        raise outcome["error"]
