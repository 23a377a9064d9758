#!/usr/bin/env bash
# Sets up what is missing and runs every check and test of the workspace:
# formatting, clippy (warnings are errors), the core's independence from Tauri, the UI's
# type check, and all tests including the real desktop window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# One clean build: incremental caches would only add gigabytes to the build folder.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# The real-window tests drive the app through tauri-driver (WebDriver for Tauri 2).
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --version '^2'
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== the core's layers (docs/ARCHITECTURE.md)"
bash scripts/check-layers.sh --self-test
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

# Fuzzing (issue 15): the CSV and XLSX readers and the person document, 60 s each, in its
# own build folder (/var/cache/yorisoi/target-fuzz); see scripts/fuzz.sh and README "Fuzzing".
echo "== fuzzing"
bash scripts/fuzz.sh

# Windows: cross-build, the command-line contract under Wine, the MSI read back. Its build
# folder lives outside the clone (/var/cache/yorisoi/target-windows) and is reused when kept.
echo "== Windows"
windows_started=$(date +%s)
bash scripts/build-windows.sh
bash scripts/test-windows.sh dist/windows/stage
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
bash scripts/check-msi.sh "dist/windows/yorisoi-$version-x64.msi" dist/windows/stage
# Install, upgrade and uninstall under Wine: the files land in Program Files and a roster is
# never touched.
bash scripts/check-msi-wine.sh "dist/windows/yorisoi-$version-x64.msi"
echo "== Windows part took $(($(date +%s) - windows_started)) s"
