#!/usr/bin/env bash
# A peer side by side (issue 14): OWASP pytm 1.4.0 against `threatbench export`, at equal
# threat counts (about 680 and 6,800 findings: pytm's model is made of units of 90). Prints
# each one's time and peak memory (medians of RUNS, default 3) and the ratios.
#
#   scripts/pytm-peer.sh [RUNS]
#
# Installs pytm with pip into a temporary virtual environment (skipped, with a message, when
# python3's venv or pip is missing or pytm cannot be installed); writes the threatbench
# sessions with `cargo bench --bench sessions` and times the release binary. Linux only
# (GNU time's %M, or /proc through python3, for memory).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! python3 -m venv "$work/venv" >/dev/null 2>&1 || ! [ -x "$work/venv/bin/pip" ]; then
    echo "pytm-peer: skipped: python3 with venv and pip is needed to install pytm"
    exit 0
fi
if ! "$work/venv/bin/pip" install --quiet pytm==1.4.0 >"$work/pip.log" 2>&1; then
    echo "pytm-peer: skipped: pip could not install pytm 1.4.0:"
    tail -3 "$work/pip.log"
    exit 0
fi

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin="$target/release/threatbench"

# One pytm unit makes 90 findings.
units=(8 76)
counts=()
for u in "${units[@]}"; do counts+=($((u * 90))); done
cargo bench --quiet --bench sessions -- "$work" "${counts[@]}" >/dev/null

for i in "${!units[@]}"; do
    n="${counts[$i]}"
    python3 scripts/perf/measure.py "$runs" "pytm, $n findings" \
        "$work/venv/bin/python" scripts/perf/pytm_model.py "${units[$i]}" --json "$work/out.json" \
        -- "threatbench export --format json, $n threats" \
        "$bin" export --format json "$work/large-$n.ron"
done
