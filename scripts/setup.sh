#!/usr/bin/env bash
# Installs what Yorisoi needs to build, run and test on Debian 12, skipping what is there.
# Safe to run again. Run by scripts/app.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-debs.sh build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev \
  libxdo-dev libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver \
  poppler-utils qpdf fonts-ipamj-mincho zbar-tools strace dbus-daemon

command -v cargo >/dev/null || { echo "setup: Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20 and npm are required" >&2; exit 1; }

# The UI is embedded into the desktop binary at compile time, so it is built first.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
(cd ui && npm run --silent build)
