#!/usr/bin/env bash
# Builds the Windows installers from a staging folder, on Debian, without network access:
#
#   bash scripts/package-windows.sh STAGE_DIR OUT_DIR VERSION
#
#   OUT_DIR/yorisoi-VERSION-x64.msi             per-machine MSI (wixl, packaging/windows/yorisoi.wxs)
#   OUT_DIR/yorisoi-VERSION-x64-user-setup.exe  per-user NSIS installer (packaging/windows/yorisoi.nsi)
#
# STAGE_DIR must hold:
#   yorisoi-desktop.exe  yorisoi.exe  WebView2Loader.dll  fonts/ipamjm.ttf
#   licenses/LICENSE-MIT  licenses/LICENSE-APACHE  licenses/IPA_Font_License_Agreement_v1.0.txt
#   licenses/IPAmj_IPA_Font_License_Agreement_v1.0.txt  licenses/IPAmj_Readme.txt
#   licenses/README.txt   [install-windows.md, optional]
# (scripts/build-windows.sh makes it.) Every file of licenses/ must be listed in the .wxs and
# the .nsi, and every listed one must be there.
#
# Tauri's own bundler downloads WiX/NSIS at build time and so fails offline; wixl (msitools),
# msibuild and makensis come from Debian instead and are installed here when missing.
# The MSI is checked with scripts/check-msi.sh before this script reports success.
set -euo pipefail

usage() {
  echo "usage: $0 STAGE_DIR OUT_DIR VERSION   (VERSION like 0.1.0)" >&2
  exit 2
}
[ $# -eq 3 ] || usage
die() { echo "package-windows: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WXS=$ROOT/packaging/windows/yorisoi.wxs
NSI=$ROOT/packaging/windows/yorisoi.nsi
[ -d "$1" ] || die "staging folder not found: $1"
STAGE=$(cd "$1" && pwd)
mkdir -p "$2"
OUT=$(cd "$2" && pwd)
VERSION=$3

# Windows Installer compares only MAJOR.MINOR.BUILD, each field limited (255.255.65535); a
# pre-release suffix is not allowed in ProductVersion (and makes wixl 0.101 crash).
if [[ ! "$VERSION" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  die "VERSION must be MAJOR.MINOR.PATCH with digits only (got '$VERSION')"
fi
if (( BASH_REMATCH[1] > 255 || BASH_REMATCH[2] > 255 || BASH_REMATCH[3] > 65535 )); then
  die "VERSION $VERSION is out of range for an MSI (max 255.255.65535)"
fi

# --- tools ---------------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wixl >/dev/null || missing+=(wixl)
{ command -v msibuild >/dev/null && command -v msiinfo >/dev/null; } || missing+=(msitools)
command -v makensis >/dev/null || missing+=(nsis)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]} (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]}; run: apt-get install -y wixl msitools nsis"
fi

# --- staging folder --------------------------------------------------------------------------------
# Checked here, with one message listing everything wrong, instead of wixl's first
# "Couldn't find file"; and checked for the mistakes that would still build (a Linux binary or a
# Git LFS pointer staged instead of the real file).
required=(yorisoi-desktop.exe yorisoi.exe WebView2Loader.dll fonts/ipamjm.ttf)
problems=()
for f in "${required[@]}"; do
  [ -s "$STAGE/$f" ] || problems+=("missing or empty: $f")
done
for f in yorisoi-desktop.exe yorisoi.exe WebView2Loader.dll; do
  if [ -s "$STAGE/$f" ] && [ "$(head -c 2 "$STAGE/$f")" != MZ ]; then
    problems+=("$f is not a Windows executable (no MZ header)")
  fi
done
if [ -s "$STAGE/fonts/ipamjm.ttf" ]; then
  magic=$(head -c 4 "$STAGE/fonts/ipamjm.ttf" | od -An -tx1 | tr -d ' \n')
  case $magic in
    00010000|74727565|4f54544f) ;;   # TrueType, 'true', 'OTTO'
    *) problems+=("fonts/ipamjm.ttf is not a TrueType font (starts with $magic; a Git LFS pointer?)") ;;
  esac
fi
# Licences: the installers list their files by name (so that uninstall removes exactly those), so
# the staging folder, the .wxs and the .nsi must agree; a licence must never be left out silently.
mapfile -t wxs_lic < <(grep -o 'Source="licenses/[^"]*"' "$WXS" | sed 's/^Source="licenses\///; s/"$//' | sort)
# shellcheck disable=SC2016 # ${STAGE} is the literal NSIS define in the .nsi
mapfile -t nsi_lic < <(grep -o 'File "${STAGE}/licenses/[^"]*"' "$NSI" | sed 's/^File "${STAGE}\/licenses\///; s/"$//' | sort)
mapfile -t stage_lic < <(if [ -d "$STAGE/licenses" ]; then cd "$STAGE/licenses" && find . -type f -printf '%P\n' | sort; fi)
for f in "${wxs_lic[@]}"; do
  [ -s "$STAGE/licenses/$f" ] || problems+=("missing or empty: licenses/$f")
done
for f in "${stage_lic[@]}"; do
  printf '%s\n' "${wxs_lic[@]}" | grep -qxF "$f" || problems+=("licenses/$f is not listed in $(basename "$WXS"); add a Component for it")
  printf '%s\n' "${nsi_lic[@]}" | grep -qxF "$f" || problems+=("licenses/$f is not listed in $(basename "$NSI"); add File and Delete lines")
done
if [ ${#problems[@]} -gt 0 ]; then
  printf 'package-windows: the staging folder %s is not ready:\n' "$STAGE" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
# Anything else in the stage is not packaged: say so, so that nothing is dropped unnoticed.
while IFS= read -r f; do
  case $f in
    yorisoi-desktop.exe|yorisoi.exe|WebView2Loader.dll|fonts/ipamjm.ttf|licenses/*|install-windows.md) ;;
    *) echo "warning: $f is in the staging folder but not packaged" >&2 ;;
  esac
done < <(cd "$STAGE" && find . -type f -printf '%P\n' | sort)

guide_define=()
if [ -f "$STAGE/install-windows.md" ]; then
  guide_define=(-D HaveGuide=1)
else
  echo "note: no install-windows.md in the stage; the installers will not include the guide"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
msi_out=$OUT/yorisoi-$VERSION-x64.msi
exe_out=$OUT/yorisoi-$VERSION-x64-user-setup.exe
SECONDS=0

# --- MSI -----------------------------------------------------------------------------------------
echo "==> MSI: wixl"
# WINDOWS_LANGUAGE=ja: libmsi converts every table string into the "ANSI" code page, which it
# guesses from this variable (or the locale). Left at the default (1252), wixl 0.101 drops the
# Japanese strings (ProductName, the shortcut name, the WebView2 message) or crashes; with ja they
# are stored as Shift_JIS. wixl runs inside the stage because it resolves File/@Source against
# the current directory and rejects absolute paths.
(cd "$STAGE" && WINDOWS_LANGUAGE=ja wixl -a x64 -D Version="$VERSION" "${guide_define[@]}" \
    -o "$tmp/yorisoi.msi" "$WXS") || die "wixl failed"

echo "==> MSI: code page 932, summary template, same-version upgrade (msibuild)"
export WINDOWS_LANGUAGE=ja   # msibuild re-saves the string pool: keep the same code page
# 1. Stamp the database code page. wixl 0.101 writes Product/@Codepage only into the summary
#    information; the string pool keeps code page 0 ("the ANSI code page of whichever PC runs the
#    installer"), which would show the Shift_JIS bytes as mojibake on a non-Japanese system.
#    Importing a _ForceCodepage table sets the pool's code page without converting the bytes,
#    which are Shift_JIS already.
printf '\r\n\r\n932\t_ForceCodepage\r\n' > "$tmp/_ForceCodepage.idt"
msibuild "$tmp/yorisoi.msi" -i "$tmp/_ForceCodepage.idt" || die "msibuild could not set the code page"
# 2. wixl hard-codes the summary Template language to 1033; say Japanese (1041) like
#    ProductLanguage. The package code (revision number) is kept.
package_code=$(env -u WINDOWS_LANGUAGE msiinfo suminfo "$tmp/yorisoi.msi" | sed -n 's/^Revision number (UUID): //p')
[ -n "$package_code" ] || die "no package code in the summary information"
# Subject/Author stay ASCII on purpose (libmsi writes them unconverted: Japanese would be
# mojibake in Explorer's file properties); they match Package/@Description and Manufacturer.
msibuild "$tmp/yorisoi.msi" -s "Yorisoi" "Yorisoi" "x64;1041" "$package_code" \
  || die "msibuild could not set the summary information"
# 3. wixl's MajorUpgrade upgrades only strictly older versions; a rebuilt MSI of the same version
#    (new ProductCode) would then install beside the old one, giving two 「よりそい」 entries.
#    Make the upper bound inclusive (WiX's AllowSameVersionUpgrades): 1 migrate features +
#    512 VersionMax inclusive. (UPDATE cannot change a key column; delete and re-insert.)
upgrade_code=$(env -u WINDOWS_LANGUAGE msiinfo export "$tmp/yorisoi.msi" Property | tr -d '\r' | awk -F'\t' '$1 == "UpgradeCode" { print $2 }')
msibuild "$tmp/yorisoi.msi" \
  -q "DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_UPGRADE_DETECTED'" \
  -q "INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMax\`, \`Attributes\`, \`ActionProperty\`) VALUES ('$upgrade_code', '$VERSION', 513, 'WIX_UPGRADE_DETECTED')" \
  || die "msibuild could not update the Upgrade table"
unset WINDOWS_LANGUAGE

echo "==> MSI: checking"
bash "$ROOT/scripts/check-msi.sh" "$tmp/yorisoi.msi" "$STAGE" > "$tmp/check.log" \
  || { cat "$tmp/check.log" >&2; die "the MSI failed its checks (see above)"; }
grep -v -e '^ok:' -e ' is fine$' "$tmp/check.log" || true
mv -f "$tmp/yorisoi.msi" "$msi_out"
echo "    $(grep -c '^ok:' "$tmp/check.log") checks passed"

# --- NSIS (per-user) ---------------------------------------------------------------------------
echo "==> per-user setup: makensis"
# -INPUTCHARSET UTF8: the .nsi is UTF-8 without a BOM (Japanese strings). The stub is the
# 32-bit x86-unicode one, as Tauri uses; it runs on every x64 Windows (the app itself is x64).
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSTAGE="$STAGE" -DOUTFILE="$tmp/$(basename "$exe_out")" "$NSI" \
  || die "makensis failed"
mv -f "$tmp/$(basename "$exe_out")" "$exe_out"

echo "==> done in ${SECONDS}s"
for f in "$msi_out" "$exe_out"; do
  printf '    %s  %s bytes\n' "$f" "$(stat -c %s "$f")"
  printf '    sha256 %s\n' "$(sha256sum "$f" | cut -d' ' -f1)"
done
