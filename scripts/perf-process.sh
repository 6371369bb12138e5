#!/usr/bin/env bash
# The workbench as a whole process, in a pseudo-terminal (issue 14): start to first full
# frame, key to output while autosaves happen, and memory, on the 1,000- and 10,000-threat
# benchmark sessions; with --shapes also the three large shapes (first frame only matters:
# target ≤ 2 s).
#
#   scripts/perf-process.sh [--shapes] [--runs N] [--size WxH] [BIN ...]
#
# Builds the release binary (or times the BINs given, taking turns: e.g. an older build
# against this one), writes the sessions with `cargo bench --bench sessions` into a temp
# folder, and runs scripts/perf/pty_probe.py (python3, standard library only) on each.
# Linux only (/proc for memory). Figures are medians with min and max; on a shared machine
# compare binaries in the same call, not across calls.
set -euo pipefail
cd "$(dirname "$0")/.."

shapes=0 runs=5 size=200x50 bins=()
while [ $# -gt 0 ]; do
    case "$1" in
        --shapes) shapes=1 ;;
        --runs) runs="$2"; shift ;;
        --size) size="$2"; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) bins+=("$1") ;;
    esac
    shift
done

command -v python3 >/dev/null || { echo "perf-process: python3 is needed" >&2; exit 1; }
target="${CARGO_TARGET_DIR:-target}"
if [ ${#bins[@]} -eq 0 ]; then
    cargo build --release --quiet
    bins=("$target/release/threatbench")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo bench --quiet --bench sessions -- "$work" >/dev/null

sessions=(large-1000 large-10000)
[ "$shapes" = 1 ] && sessions+=(flows-40000 nothing-found-60000 wide-100000)
for name in "${sessions[@]}"; do
    python3 scripts/perf/pty_probe.py --runs "$runs" --size "$size" \
        "$work/$name.ron" "${bins[@]}"
done
