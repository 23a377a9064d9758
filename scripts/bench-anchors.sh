#!/usr/bin/env bash
# The printing anchors: Yorisoi's simplified list of a 10,000-person town against
# LibreOffice Calc (headless, CSV → PDF) and typst (a comparable A4 table) on the same rows,
# interleaved in one run (benches/anchors.rs says what is timed). Prints min/median of each
# and the ratios; ratios within one run are the figures to quote.
#
# Not part of .ci/run (benchmarks never are). Installs what is missing:
#   - libreoffice-calc-nogui from Debian (apt-get; needs root);
#   - the `typst` package from PyPI into a venv under /var/cache/yorisoi/anchors.
#
# Usage: scripts/bench-anchors.sh [ROUNDS]   (default 5)
# Env:   CARGO_TARGET_DIR as for any cargo build; CARGO_LOCK (default /tmp/cargo.lock):
#        the build waits for that lock, so one cargo runs at a time.
set -euo pipefail

cd "$(dirname "$0")/.."
rounds="${1:-5}"
cache=/var/cache/yorisoi/anchors
lock="${CARGO_LOCK:-/tmp/cargo.lock}"

if ! command -v soffice >/dev/null; then
    echo "installing libreoffice-calc-nogui (Debian)…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
fi
for tool in pdfinfo; do
    command -v "$tool" >/dev/null || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
    }
done

mkdir -p "$cache"
if ! "$cache/venv/bin/python" -c 'import typst' 2>/dev/null; then
    echo "installing typst (PyPI) into $cache/venv…" >&2
    python3 -m venv "$cache/venv"
    "$cache/venv/bin/pip" install -q typst
fi

# LibreOffice finds IPAex Gothic, the font Yorisoi and typst use, through fontconfig.
fonts="$PWD/assets/fonts"
cat >"$cache/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$fonts</dir>
  <cachedir>$cache/fontconfig</cachedir>
</fontconfig>
EOF

echo "soffice: $(soffice --version 2>/dev/null | head -1)"
echo "typst:   $("$cache/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("typst"))') (PyPI)"

flock "$lock" cargo bench -p yorisoi --bench anchors --no-run
FONTCONFIG_FILE="$cache/fonts.conf" \
ANCHOR_SOFFICE="$(command -v soffice)" \
ANCHOR_PYTHON="$cache/venv/bin/python" \
ANCHOR_FONTS="$fonts" \
ANCHOR_ROUNDS="$rounds" \
    cargo bench -p yorisoi --bench anchors
