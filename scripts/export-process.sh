#!/usr/bin/env bash
# `threatbench export` as a whole process (issue 14: at most 50 ms at 10,000 threats in
# every format): each format to standard output and with `--out DIR --force`, two binaries
# taking turns, with a check that both write the same bytes.
#
#   scripts/export-process.sh [--runs N] [--threats N] OLD_BIN [NEW_BIN]
#
# NEW_BIN defaults to this tree's release build. Writes the benchmark sessions with
# `cargo bench --bench sessions` into a temp folder and times `large-<threats>.ron` (1000 or
# 10000, default 10000) with scripts/perf/export_runs.py (python3, standard library only).
# Figures are medians with min and max; on a shared machine compare binaries in the same
# call, not across calls.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=9 threats=10000 bins=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift ;;
        --threats) threats="$2"; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) bins+=("$1") ;;
    esac
    shift
done
[ ${#bins[@]} -ge 1 ] || { sed -n '2,12p' "$0"; exit 2; }

command -v python3 >/dev/null || { echo "export-process: python3 is needed" >&2; exit 1; }
target="${CARGO_TARGET_DIR:-target}"
if [ ${#bins[@]} -eq 1 ]; then
    cargo build --release --quiet
    bins+=("$target/release/threatbench")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo bench --quiet --bench sessions -- "$work" >/dev/null
python3 scripts/perf/export_runs.py "$runs" "$work/large-$threats.ron" "${bins[@]}"
