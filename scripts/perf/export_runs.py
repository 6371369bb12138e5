"""Times `threatbench export` of one session as a whole process, for each format, to
standard output and with `--out DIR --force`: two binaries in turn (A B A B ...), RUNS times
each after one warm-up, wall time as median, min and max, and the ratio of the medians.
Before timing, checks that both binaries write the same bytes in every format and way.
For scripts/export-process.sh.

    python3 export_runs.py RUNS SESSION BIN_A BIN_B
"""

import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time

FORMATS = ["github", "gitlab", "jira", "markdown", "json", "otm", "cyclonedx-ref"]
# A fixed day: the export is then the same bytes from both binaries.
AS_OF = ["--as-of", "2025-06-01"]


def wall(command):
    """Seconds from start to exit of one run, its output thrown away. Started with
    posix_spawn, which costs far less than the fork of this interpreter that subprocess
    does (a few milliseconds, against a target of 50)."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    started = time.perf_counter()
    pid = os.posix_spawn(command[0], command, os.environ, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed with {status}")
    return seconds


def written(command, folder):
    """A digest of what one run writes: standard output, or the files in `folder`."""
    digest = hashlib.sha256()
    out = subprocess.run(command, capture_output=True, check=True).stdout
    # With --out, what it prints is the files' paths: the same but for the folder.
    digest.update(out.replace(folder.encode(), b"OUT"))
    for name in sorted(os.listdir(folder)):
        digest.update(name.encode())
        with open(os.path.join(folder, name), "rb") as file:
            digest.update(file.read())
    return digest.hexdigest()


def main():
    runs, session, bins = int(sys.argv[1]), sys.argv[2], sys.argv[3:5]
    work = tempfile.mkdtemp()
    spawn = sorted(wall(["/bin/true"]) for _ in range(runs))
    print(f"{session}: median [min–max] of {runs} runs, ms")
    print(f"  (starting and reaping /bin/true: {1000 * statistics.median(spawn):.1f} ms)")
    for fmt in FORMATS:
        for way in ("stdout", "--out"):
            commands, folders = [], []
            for n, binary in enumerate(bins):
                folder = os.path.join(work, f"{fmt}-{way}-{n}")
                os.makedirs(folder, exist_ok=True)
                command = [binary, "export", session, "--format", fmt, *AS_OF]
                if way == "--out":
                    command += ["--out", folder, "--force"]
                commands.append(command)
                folders.append(folder)
            same = written(commands[0], folders[0]) == written(commands[1], folders[1])
            times = [[], []]
            for _ in range(runs + 1):
                for n in (0, 1):
                    times[n].append(wall(commands[n]))
            row = []
            for n in (0, 1):
                kept = sorted(times[n][1:])
                row.append(
                    f"{1000 * statistics.median(kept):5.1f} [{1000 * kept[0]:.1f}–{1000 * kept[-1]:.1f}]"
                )
            ratio = statistics.median(times[1][1:]) / statistics.median(times[0][1:])
            print(
                f"  {fmt:<14} {way:<7} A {row[0]:<22} B {row[1]:<22} B/A {ratio:.2f}"
                f"  {'same bytes' if same else 'DIFFERENT BYTES'}"
            )


if __name__ == "__main__":
    main()
