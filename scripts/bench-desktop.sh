#!/usr/bin/env bash
# The desktop window with a city's roster open, run by hand (never part of .ci/run):
# resident memory of the app and of its WebKit processes, and the time to unlock and to
# show search results, through the real window (Xvfb + tauri-driver, as the real-window
# tests drive it).
#
#   bash scripts/bench-desktop.sh [PERSONS]     (default 500000)
#
# Builds the UI and the release app and CLI (or takes YORISOI_DESKTOP_BIN and YORISOI_BIN),
# makes a synthetic demo roster in a private temporary folder, and removes it at the end.
set -euo pipefail

persons="${1:-500000}"
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

if [ -z "${YORISOI_DESKTOP_BIN:-}" ] || [ -z "${YORISOI_BIN:-}" ]; then
    (cd ui && npm ci --silent && npm run --silent build)
    cargo build --release --quiet -p yorisoi --bin yorisoi
    cargo build --release --quiet -p yorisoi-desktop
fi
bin="${YORISOI_BIN:-${CARGO_TARGET_DIR:-$here/target}/release/yorisoi}"
app="${YORISOI_DESKTOP_BIN:-${CARGO_TARGET_DIR:-$here/target}/release/yorisoi-desktop}"
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --version '^2'

work="$(mktemp -d)"
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

export YORISOI_PASSPHRASE='city scale benchmark passphrase 2026'
export YORISOI_ACCOUNT=bench
echo "# $(date -u +%F) · $(nproc) cores · $persons people · the release app"
"$bin" demo --db "$work/demo.db" --persons "$persons" --recovery-sheet "$work/key.pdf" >/dev/null
python3 scripts/bench-desktop.py "$app" "$work/demo.db" bench
