#!/usr/bin/env bash
# Cross-builds Yorisoi for 64-bit Windows from Debian 12 and packages it:
#   dist/windows/stage/      the files as the installers lay them out (what the tests run)
#   dist/windows/yorisoi-VERSION-x64.msi               per-machine MSI (wixl)
#   dist/windows/yorisoi-VERSION-x64-user-setup.exe    per-user NSIS installer
# Installs what it needs (MinGW-w64, perl/make for OpenSSL, IPAmj明朝, wixl, NSIS, the Rust
# target). Tauri's own Windows bundler downloads tools and fails offline, so the installers
# are made with Debian's wixl and makensis instead (scripts/package-windows.sh).
#
# The Windows build keeps its own target folder (default /var/cache/yorisoi/target-windows,
# or $YORISOI_WINDOWS_TARGET_DIR): it is reused by later runs on the same machine, and the
# Linux build's folder is not disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
DIST=dist/windows
STAGE=$DIST/stage

# (wine64, gcab, poppler-utils and qpdf are for the tests that follow the build.)
bash scripts/install-debs.sh gcc-mingw-w64-x86-64 perl make fonts-ipamj-mincho wixl msitools \
  nsis gcab wine64 poppler-utils qpdf
export PATH="$HOME/.cargo/bin:$PATH"
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"

# The desktop crate embeds the built UI at compile time: build it every time (well under a
# second), so the exe never carries a stale page.
command -v npm >/dev/null || { echo "build-windows: Node.js 20 and npm are required" >&2; exit 1; }
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
(cd ui && npm run --silent build)

default_target_dir=/var/cache/yorisoi/target-windows
if ! mkdir -p "$default_target_dir" 2>/dev/null; then
  default_target_dir=$PWD/target/windows
fi
export CARGO_TARGET_DIR=${YORISOI_WINDOWS_TARGET_DIR:-$default_target_dir}
echo "== cargo build --release --target $TARGET (target folder $CARGO_TARGET_DIR)"
started=$(date +%s)
# The same command every time (workspace, bins): another feature set would rebuild half the tree.
cargo build --locked --release --target "$TARGET" --workspace --bins
echo "build-windows: compiled in $(($(date +%s) - started)) s"
out=$CARGO_TARGET_DIR/$TARGET/release

rm -rf "$STAGE"
mkdir -p "$STAGE/fonts" "$STAGE/licenses"
# Symbols are of no use on an officer's PC and make up much of the file.
for exe in yorisoi.exe yorisoi-desktop.exe; do
  x86_64-w64-mingw32-strip -o "$STAGE/$exe" "$out/$exe"
done
# The gnu target links the WebView2 loader dynamically: it must sit beside the window's exe.
cp "$out/WebView2Loader.dll" "$STAGE/"
# IPAmj明朝 for names outside JIS X 0208 (𠮷): the app looks in fonts\ beside itself, so a PC
# without the font installed still prints them. Taken from Debian's fonts-ipamj-mincho.
cp /usr/share/fonts/truetype/ipamj/ipamjm.ttf "$STAGE/fonts/"
cp assets/fonts/IPA_Font_License_Agreement_v1.0.txt LICENSE-MIT LICENSE-APACHE "$STAGE/licenses/"
# IPAmj明朝's own licence text and readme travel with it, as its licence asks.
doc=/usr/share/doc/fonts-ipamj-mincho
zcat "$doc/IPA_Font_License_Agreement_v1.0.txt.gz" >"$STAGE/licenses/IPAmj_IPA_Font_License_Agreement_v1.0.txt"
cp "$doc/Readme.txt" "$STAGE/licenses/IPAmj_Readme.txt"
cp packaging/windows/LICENSES.txt "$STAGE/licenses/README.txt"
cp docs/install-windows.md "$STAGE/"

bash scripts/package-windows.sh "$STAGE" "$DIST" "$VERSION"
echo "build-windows: done in $(($(date +%s) - started)) s"
ls -l "$DIST"
