#!/bin/sh
# Starts Chromium for lib/plot/browser.ts so that it cannot outlive the process that launched it (a notebook
# kernel, a test): setpriv sets PR_SET_PDEATHSIG, so Linux kills Chromium (SIGKILL) when its parent dies,
# however the parent dies, and Chromium's helper processes exit with it. exec keeps one process: Chromium's
# parent is the launcher itself. The executable is $COMPANION_CHROMIUM.
exec setpriv --pdeathsig KILL -- "$COMPANION_CHROMIUM" "$@"
