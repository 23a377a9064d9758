#!/usr/bin/env bash
# Sets up what is missing and runs every check and test of the workspace:
# formatting, clippy (warnings are errors), the core's independence from Tauri, the UI's
# type check, and all tests including the real desktop window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --version '^2'
fi
export PATH="$HOME/.cargo/bin:$PATH"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== the core does not depend on Tauri"
if cargo tree -p yorisoi -e normal,build | grep -q ' tauri'; then
  echo "the yorisoi core depends on tauri:" >&2
  cargo tree -p yorisoi -e normal,build -i tauri >&2 || true
  exit 1
fi
echo "== UI type check"
(cd ui && npm run --silent check)
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
cargo test --workspace
