"""Fault injection for the processes a test starts (PYTHONPATH=tests/fault):
with PAPER_ARCHIVE_TEST_FAULT="<docs folder>|<n>|exit" a process dies
(os._exit, as kill -9) just before its n-th rename into or removal from that
folder; with "...|<n>|pause:<marker>" it creates <marker> there and waits
until the marker is removed (60 s at most). Nothing happens without it."""
import os
import sys

_SPEC = os.environ.get("PAPER_ARCHIVE_TEST_FAULT")

if _SPEC:
    _docs, _n, _action = _SPEC.split("|", 2)
    _prefix, _count = os.path.abspath(_docs) + os.sep, [0]

    def _hook(event, args):
        if event == "os.rename":
            path = args[1]
        elif event == "os.remove":
            path = args[0]
        else:
            return
        if not isinstance(path, (str, os.PathLike)) or not os.path.abspath(os.fspath(path)).startswith(_prefix):
            return
        _count[0] += 1
        if _count[0] != int(_n):
            return
        if _action == "exit":
            os._exit(137)
        marker = _action[len("pause:"):]
        with open(marker, "w"):
            pass
        import time

        deadline = time.monotonic() + 60
        while os.path.exists(marker) and time.monotonic() < deadline:
            time.sleep(0.05)

    sys.addaudithook(_hook)
