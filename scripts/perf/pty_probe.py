"""Times the workbench as a whole process in a pseudo-terminal: start to first full frame,
key to output while autosaves happen, and memory. For scripts/perf-process.sh.

    python3 pty_probe.py [--size 200x50] [--runs 5] [--rounds 3] SESSION BIN [BIN ...]

Each BIN opens a copy of SESSION (in a folder of its own) RUNS times, the binaries taking
turns, so that a drift of the machine's speed touches all of them alike. The first frame is
there when the status line ("opened ...") is. Then, on the last run of each binary, ROUNDS
times: `p` (pausing or resuming the clock is an edit, saved a second later), then ↓ and ↑
in turn every 25 ms for 2 s, each timed from the write of the key to the first output after
it. Memory is the process's resident set (VmRSS) and its peak (VmHWM) at the end.
"""

import argparse
import fcntl
import os
import select
import shutil
import statistics
import struct
import subprocess
import tempfile
import termios
import time

DOWN, UP = b"\x1b[B", b"\x1b[A"


class Workbench:
    """One run of the binary on a copy of the session, in a pty of the given size."""

    def __init__(self, binary, session, cols, rows):
        self.dir = tempfile.mkdtemp(prefix="tb-probe-")
        path = os.path.join(self.dir, os.path.basename(session))
        shutil.copyfile(session, path)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.fd = master
        env = dict(os.environ, TERM="xterm-256color", NO_COLOR="1")

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [binary, "--dir", self.dir, path],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            preexec_fn=controlling_terminal,
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""

    def read(self, timeout):
        """Output within `timeout` seconds (b"" if none)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self.fd, 1 << 20)
        except OSError:
            return b""
        self.seen += data
        return data

    def until(self, marker, timeout=60.0):
        """Seconds from the start until `marker` was output."""
        deadline = time.perf_counter() + timeout
        while marker not in self.seen:
            if time.perf_counter() > deadline:
                raise SystemExit(f"no {marker!r} within {timeout} s")
            self.read(0.5)
        return time.perf_counter() - self.started

    def drain(self, seconds):
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.read(max(0.0, end - time.perf_counter()))

    def key(self, data):
        """Seconds from writing `data` to the first output after it."""
        while self.read(0):
            pass
        sent = time.perf_counter()
        os.write(self.fd, data)
        if not self.read(2.0):
            return 2.0
        return time.perf_counter() - sent

    def memory(self):
        """(VmRSS, VmHWM) in MB."""
        fields = {}
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                name, _, value = line.partition(":")
                fields[name] = value.split()
        mb = lambda name: int(fields[name][0]) / 1024
        return mb("VmRSS"), mb("VmHWM")

    def quit(self):
        """Seconds from `q` to the process's end (it waits for the last save)."""
        sent = time.perf_counter()
        os.write(self.fd, b"q")
        end = sent + 30
        while self.proc.poll() is None and time.perf_counter() < end:
            self.read(0.05)
        took = time.perf_counter() - sent
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.fd)
        shutil.rmtree(self.dir, ignore_errors=True)
        return took


def spread(values, scale=1000.0):
    values = sorted(v * scale for v in values)
    return f"median {statistics.median(values):7.1f}  min {values[0]:7.1f}  max {values[-1]:7.1f}"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="200x50")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("session")
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    first = {b: [] for b in args.binaries}
    for run in range(args.runs):
        for binary in args.binaries:
            bench = Workbench(binary, args.session, cols, rows)
            first[binary].append(bench.until(b"opened"))
            if run + 1 < args.runs:
                bench.drain(0.2)
                bench.quit()
                continue
            bench.drain(0.3)
            keys = []
            for _ in range(args.rounds):
                bench.key(b"p")
                for n in range(80):
                    keys.append(bench.key(DOWN if n % 2 == 0 else UP))
                    time.sleep(0.025)
            rss, peak = bench.memory()
            quit_took = bench.quit()
            name = binary if len(args.binaries) > 1 else os.path.basename(binary)
            print(f"{name} on {os.path.basename(args.session)} at {args.size}")
            print(f"  start to first frame (ms): {spread(first[binary])}  ({args.runs} runs)")
            ms = [k * 1000 for k in keys]
            if ms:
                print(
                    f"  key to output while saving (ms): median {statistics.median(ms):.2f}"
                    f"  p99 {percentile(ms, 99):.2f}  max {max(ms):.2f}  ({len(ms)} keys,"
                    f" {args.rounds} saves)"
                )
            print(f"  memory (MB): resident {rss:.1f}, peak {peak:.1f}")
            print(f"  q to exit (ms): {quit_took * 1000:.0f}")


if __name__ == "__main__":
    main()
