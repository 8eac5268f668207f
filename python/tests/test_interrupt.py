"""Ctrl-C during a batch: convert_many and convert_arrow run with the GIL
released, and a SIGINT stops the batch (as the CLI's Ctrl-C does) and
raises KeyboardInterrupt promptly, not when the batch would have ended."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from conftest import SAMPLE

# The sample 20,000 times: about 75 s of converting on 2 cores (7 ms each
# on one), far longer than the test waits.
CHILD = r"""
import signal, sys, time
import jixiao

# Python's own Ctrl-C handler, as in a terminal or a notebook: a process
# started in the background by a non-interactive shell (a CI runner, `cmd &`)
# inherits SIGINT ignored, and Python then installs no handler at all.
signal.signal(signal.SIGINT, signal.default_int_handler)

sample, how = sys.argv[1], sys.argv[2]
batch = [sample] * 20000
print("started", flush=True)
t = time.monotonic()
try:
    if how == "convert_many":
        jixiao.convert_many(batch, jobs=2)
    else:
        jixiao.convert_arrow(batch, jobs=2)
except KeyboardInterrupt:
    print(f"interrupted after {time.monotonic() - t:.2f} s", flush=True)
    # The module is still usable after the interrupt.
    print("records", len(jixiao.convert(sample)), flush=True)
    sys.exit(3)
print(f"finished after {time.monotonic() - t:.2f} s", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")
@pytest.mark.parametrize("how", ["convert_many", "convert_arrow"])
def test_ctrl_c_stops_the_batch_and_raises_keyboard_interrupt(how):
    p = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(SAMPLE), how],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert p.stdout.readline().strip() == "started"
        # Well inside the batch (it converts some 270 documents a second).
        time.sleep(1.0)
        assert p.poll() is None, "the batch ended before the signal"
        p.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = p.communicate(timeout=30)
        waited = time.monotonic() - sent
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 3, (p.returncode, out, err)
    lines = out.splitlines()
    assert lines[0].startswith("interrupted after "), out
    assert lines[1] == "records 25", out
    # The watchdog looks at the flag every 0.1 s, the caller every 0.05 s.
    assert waited < 3.0, f"exited {waited:.2f} s after SIGINT"
