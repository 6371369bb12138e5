#!/bin/sh
# Renders an HTML report in headless Chromium, as a screenshot and as a PDF, to look at it
# as a reader would (Debian: apt-get install chromium poppler-utils). Nothing is fetched:
# the page loads nothing, and Chromium's own background traffic is switched off.
#
#   scripts/report-screenshot.sh report.html [out-prefix]
# writes out-prefix.png (1200 px wide), out-prefix.pdf and, with pdftoppm, out-prefix-N.png
# for each printed page.
set -eu
html=${1:?usage: report-screenshot.sh REPORT.html [OUT-PREFIX]}
out=${2:-/tmp/report}
page="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" "$page" 2>/dev/null
}
chrome --window-size=1200,2400 --screenshot="$out.png"
chrome --no-pdf-header-footer --print-to-pdf="$out.pdf"
if command -v pdftoppm >/dev/null; then
    pdftoppm -png -r 60 "$out.pdf" "$out-page"
fi
ls -1 "$out"*
