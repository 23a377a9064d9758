#!/usr/bin/env bash
# Sets up what is missing and starts the desktop app on the default roster location
# (~/.local/share/yorisoi/roster.db; set YORISOI_DB to use another file).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec cargo run --release -p yorisoi-desktop
