#!/usr/bin/env bash
# Sets up what is missing and runs every check and test of the workspace:
# formatting, clippy (warnings are errors), the core's independence from Tauri, the UI's
# type check, and all tests including the real desktop window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# The real-window tests drive the app through tauri-driver (WebDriver for Tauri 2).
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --version '^2'
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== the core does not depend on Tauri"
# (grep reads the whole tree: with -q it could stop early and, under pipefail, hide a match)
if cargo tree -p yorisoi --prefix none | grep -E '^tauri' >/dev/null; then
  echo "the yorisoi core depends on tauri:" >&2
  cargo tree -p yorisoi -i tauri >&2 || true
  exit 1
fi
echo "== UI type check"
(cd ui && npm run --silent check)
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
cargo test --workspace
