"""Times two commands in turn (A B A B ...), RUNS times each after one warm-up, and prints
each one's wall time and peak memory (the kernel's own accounting, from wait4) as median,
min and max, then the ratios A/B. For scripts/pytm-peer.sh.

    python3 measure.py RUNS NAME_A CMD_A ... -- NAME_B CMD_B ...
"""

import os
import statistics
import subprocess
import sys
import time


def run(command):
    """(wall seconds, peak resident MB) of one run; its output is thrown away."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{command[0]} failed with {proc.returncode}")
    return wall, usage.ru_maxrss / 1024


def line(name, values, unit):
    values = sorted(values)
    return (
        f"  {name:<48} median {statistics.median(values):9.3f} {unit}"
        f"  (min {values[0]:.3f}, max {values[-1]:.3f})"
    )


def main():
    runs = int(sys.argv[1])
    split = sys.argv.index("--")
    a, b = sys.argv[2:split], sys.argv[split + 1 :]
    commands = [(a[0], a[1:]), (b[0], b[1:])]
    for _, command in commands:
        run(command)
    results = {name: [] for name, _ in commands}
    for _ in range(runs):
        for name, command in commands:
            results[name].append(run(command))
    for name, _ in commands:
        print(line(f"{name}: time", [r[0] for r in results[name]], "s"))
        print(line(f"{name}: peak memory", [r[1] for r in results[name]], "MB"))
    (na, ra), (nb, rb) = results.items()
    time_ratios = [x[0] / y[0] for x, y in zip(ra, rb)]
    memory_ratios = [x[1] / y[1] for x, y in zip(ra, rb)]
    print(
        f"  ratio {na} / {nb}: time {statistics.median(time_ratios):.0f}x,"
        f" memory {statistics.median(memory_ratios):.1f}x"
    )


if __name__ == "__main__":
    main()
