#!/usr/bin/env bash
# Optional: installs and uninstalls the Yorisoi MSI for real, with Wine's msiexec, in a
# throw-away Wine prefix (about 20 s; needs wine64, installed with apt-get when missing):
#
#   bash scripts/check-msi-wine.sh yorisoi-0.1.0-x64.msi
#
# What it proves, step by step (it stops at the first failure and prints the msiexec log):
#  1. no WebView2 runtime                         -> the install is refused, nothing installed
#  2. WebView2 "pv" = 0.0.0.0 (uninstalled)       -> refused
#  3. WebView2 only per-user (HKCU)               -> installs; uninstall removes everything
#  4. WebView2 per-machine (HKLM\...\WOW6432Node) -> installs: files in C:\Program Files\Yorisoi,
#     identical to the MSI's, the 「よりそい」 shortcut, 「よりそい」 in Apps & features
#  5. the same version rebuilt (new ProductCode)  -> replaces it (one entry, not two)
#  6. a newer version                             -> replaces it
#  7. the older version again                     -> refused (downgrade)
#  8. uninstall                                   -> program files, shortcut and entry gone; a fake
#     roster (%LOCALAPPDATA%\Yorisoi\Yorisoi\data\roster.db, -wal), its key file (roster.keys),
#     device.json and an old roles file (%ProgramData%\Yorisoi\roles, no longer read) are
#     untouched, byte for byte.
# The rebuilt/newer packages of steps 5-6 are copies of the given MSI with a new ProductCode,
# package code and version (msibuild), so the upgrade logic is tested on the real tables.
# Wine is not Windows (its msiexec is a reimplementation, and it puts the all-users shortcut in
# the user's Start menu); this complements, not replaces, a test on Windows 10/11.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 MSI_FILE" >&2; exit 2; }
[ -f "$1" ] || { echo "check-msi-wine: no such file: $1" >&2; exit 2; }
MSI=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
pkgs=()
[ -x /usr/lib/wine/wine64 ] || pkgs+=(wine64)
{ command -v msibuild >/dev/null && command -v msiinfo >/dev/null; } || pkgs+=(msitools)
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "check-msi-wine: installing ${pkgs[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi
WINE=/usr/lib/wine/wine64

work=$(mktemp -d)
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64
# No Mono/Gecko download prompts (offline), and no desktop windows.
export WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
cleanup() {
  # Stop this prefix's wineserver (started by this script), then delete the prefix.
  /usr/lib/wine/wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
SECONDS=0

step() { echo "==> $*"; }
die() { echo "FAIL: $*" >&2; exit 1; }
winpath() { local p=${1//\//\\}; printf 'Z:%s' "$p"; }
msiprop() { env -u WINDOWS_LANGUAGE msiinfo export "$1" Property | tr -d '\r' | awk -F'\t' -v k="$2" '$1 == k { print $2 }'; }

step "creating a Wine prefix"
"$WINE" wineboot -i >"$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log" >&2; die "wineboot failed"; }
"$WINE" wineboot -s >/dev/null 2>&1 || true   # flush: the prefix is complete on disk
C=$WINEPREFIX/drive_c
user_dir=$(find "$C/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -n1)
[ -n "$user_dir" ] || die "no user profile in the Wine prefix"
PF="$C/Program Files/Yorisoi"
LOCALAPPDATA=$user_dir/AppData/Local

# User data that uninstall must never touch.
mkdir -p "$LOCALAPPDATA/Yorisoi/Yorisoi/data" "$LOCALAPPDATA/jp.yorisoi.desktop" "$C/ProgramData/Yorisoi"
head -c 8192 /dev/urandom > "$LOCALAPPDATA/Yorisoi/Yorisoi/data/roster.db"
head -c 512 /dev/urandom > "$LOCALAPPDATA/Yorisoi/Yorisoi/data/roster.db-wal"
head -c 700 /dev/urandom > "$LOCALAPPDATA/Yorisoi/Yorisoi/data/roster.keys"
printf '%s\n' '{"roster":"C:\\Yorisoi\\roster.db"}' > "$LOCALAPPDATA/jp.yorisoi.desktop/device.json"
printf '# roles\ntanaka = officer\n' > "$C/ProgramData/Yorisoi/roles"
user_data=("$LOCALAPPDATA/Yorisoi/Yorisoi/data/roster.db" "$LOCALAPPDATA/Yorisoi/Yorisoi/data/roster.db-wal"
           "$LOCALAPPDATA/Yorisoi/Yorisoi/data/roster.keys"
           "$LOCALAPPDATA/jp.yorisoi.desktop/device.json" "$C/ProgramData/Yorisoi/roles")
sha256sum "${user_data[@]}" > "$work/user-data.sha256"

WV2='Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'
reg() { "$WINE" reg "$@" >/dev/null 2>&1; }
wv2_none() {
  reg delete "HKLM\\SOFTWARE\\WOW6432Node\\$WV2" /f || true
  reg delete "HKCU\\Software\\$WV2" /f || true
}

n=0
# msi_run ARGS... : msiexec quietly with a verbose log; prints the exit status (Wine truncates
# 1603 to 67), keeps the log for the failure message.
msi_run() {
  n=$((n + 1))
  local rc=0
  timeout 120 "$WINE" msiexec "$@" /qn /l*v "$(winpath "$work/msiexec-$n.log")" >/dev/null 2>&1 || rc=$?
  echo "$rc"
}
show_log() { echo "--- msiexec log ($work/msiexec-$n.log), end:" >&2; tr -d '\r' < "$work/msiexec-$n.log" | grep -a -v '^Property' | tail -n 25 >&2; }
installed_codes() {
  "$WINE" reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' 2>/dev/null \
    | tr -d '\r' | grep -o '{[0-9A-F-]*}$' | sort || true
}
# The Apps & features name, read from a UTF-16 export (reg query prints it as ????).
display_name() {
  rm -f "$work/arp.reg"
  reg export "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$1" "$(winpath "$work/arp.reg")" /y || return 0
  iconv -f UTF-16 -t UTF-8 "$work/arp.reg" | tr -d '\r' | sed -n 's/^"DisplayName"="\(.*\)"$/\1/p'
}
shortcut() { find "$C" -name 'よりそい.lnk' 2>/dev/null | head -n1; }
expect_nothing_installed() {
  [ ! -e "$PF" ] || die "$1: $PF exists: $(find "$PF" | head)"
  [ -z "$(shortcut)" ] || die "$1: a shortcut exists: $(shortcut)"
  [ -z "$(installed_codes)" ] || die "$1: an Apps & features entry exists: $(installed_codes)"
}
expect_user_data() {
  sha256sum --quiet -c "$work/user-data.sha256" || die "$1: user data changed or removed"
}
expect_installed() { # WHAT MSI
  local f comp name size dir got lnk codes
  # Every File row is on disk at its size (relative folder from the Component's Directory).
  while IFS=$'\t' read -r comp name size; do
    dir=$(awk -F'\t' -v c="$comp" '$1 == c { print $3 }' "$work/Component.idt")
    case $dir in INSTALLDIR) f="$PF/${name##*|}" ;; FONTSDIR) f="$PF/fonts/${name##*|}" ;;
                 LICENSESDIR) f="$PF/licenses/${name##*|}" ;; *) die "unexpected directory $dir" ;; esac
    [ -f "$f" ] || { show_log; die "$1: $f was not installed"; }
    got=$(stat -c %s "$f")
    [ "$got" = "$size" ] || die "$1: $f has $got bytes, the MSI says $size"
  done < <(awk -F'\t' 'NR > 3 { print $2 "\t" $3 "\t" $4 }' "$work/File.idt")
  lnk=$(shortcut)
  [ -n "$lnk" ] || die "$1: no よりそい.lnk shortcut"
  strings -a "$lnk" | grep -qF 'C:\Program Files\Yorisoi\yorisoi-desktop.exe' \
    || die "$1: the shortcut does not point to C:\\Program Files\\Yorisoi\\yorisoi-desktop.exe"
  codes=$(installed_codes)
  if [ "$(wc -l <<<"$codes")" != 1 ] || [ "$codes" != "$(msiprop "$2" ProductCode)" ]; then
    die "$1: want exactly one Apps & features entry $(msiprop "$2" ProductCode), got: $codes"
  fi
  name=$(display_name "$codes")
  [ "$name" = 'よりそい' ] || die "$1: Apps & features name is '$name', want よりそい"
}

env -u WINDOWS_LANGUAGE msiinfo export "$MSI" File | tr -d '\r' > "$work/File.idt"
env -u WINDOWS_LANGUAGE msiinfo export "$MSI" Component | tr -d '\r' > "$work/Component.idt"
version=$(msiprop "$MSI" ProductVersion)
upgrade_code=$(msiprop "$MSI" UpgradeCode)
if [ -z "$version" ] || [ -z "$upgrade_code" ]; then die "cannot read ProductVersion/UpgradeCode from $MSI"; fi

# The MSI's own Upgrade attributes, reused by the variants so that steps 5-6 test them.
upgrade_attr() {
  env -u WINDOWS_LANGUAGE msiinfo export "$MSI" Upgrade | tr -d '\r' \
    | awk -F'\t' -v p="$1" 'NR > 3 && $7 == p { print $5 }'
}
up_attr=$(upgrade_attr WIX_UPGRADE_DETECTED)
down_attr=$(upgrade_attr WIX_DOWNGRADE_DETECTED)
if [ -z "$up_attr" ] || [ -z "$down_attr" ]; then die "$MSI has no MajorUpgrade rows in its Upgrade table"; fi

# variant OUT VERSION: a copy of the MSI as a different build (new ProductCode and package code,
# the version moved in ProductVersion and the Upgrade rows).
variant() {
  local out=$1 v=$2 pc pkg
  cp "$MSI" "$out"
  pc="{$(tr '[:lower:]' '[:upper:]' < /proc/sys/kernel/random/uuid)}"
  pkg="{$(tr '[:lower:]' '[:upper:]' < /proc/sys/kernel/random/uuid)}"
  WINDOWS_LANGUAGE=ja msibuild "$out" \
    -q "UPDATE \`Property\` SET \`Value\` = '$v' WHERE \`Property\` = 'ProductVersion'" \
    -q "UPDATE \`Property\` SET \`Value\` = '$pc' WHERE \`Property\` = 'ProductCode'" \
    -q "DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_UPGRADE_DETECTED'" \
    -q "DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_DOWNGRADE_DETECTED'" \
    -q "INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMax\`, \`Attributes\`, \`ActionProperty\`) VALUES ('$upgrade_code', '$v', $up_attr, 'WIX_UPGRADE_DETECTED')" \
    -q "INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMin\`, \`Attributes\`, \`ActionProperty\`) VALUES ('$upgrade_code', '$v', $down_attr, 'WIX_DOWNGRADE_DETECTED')" \
    || die "msibuild could not make a variant of $MSI"
  WINDOWS_LANGUAGE=ja msibuild "$out" -s Yorisoi Yorisoi "x64;1041" "$pkg" || die "msibuild -s failed"
}
IFS=. read -r major minor patch <<<"$version"
newer=$major.$minor.$((patch + 1))
variant "$work/same.msi" "$version"
variant "$work/newer.msi" "$newer"

step "1. no WebView2 runtime: refused"
wv2_none
rc=$(msi_run /i "$(winpath "$MSI")")
[ "$rc" != 0 ] || { show_log; die "installed without WebView2"; }
expect_nothing_installed "without WebView2"
echo "    refused (exit $rc)"

step "2. WebView2 pv=0.0.0.0: refused"
reg add "HKLM\\SOFTWARE\\WOW6432Node\\$WV2" /v pv /t REG_SZ /d 0.0.0.0 /f
rc=$(msi_run /i "$(winpath "$MSI")")
[ "$rc" != 0 ] || { show_log; die "installed with pv=0.0.0.0"; }
expect_nothing_installed "with pv=0.0.0.0"
echo "    refused (exit $rc)"

step "3. WebView2 per-user only: install, then uninstall"
wv2_none
reg add "HKCU\\Software\\$WV2" /v pv /t REG_SZ /d 131.0.2903.70 /f
rc=$(msi_run /i "$(winpath "$MSI")")
[ "$rc" = 0 ] || { show_log; die "install failed (exit $rc) with WebView2 in HKCU"; }
expect_installed "HKCU WebView2" "$MSI"
rc=$(msi_run /x "$(msiprop "$MSI" ProductCode)")
[ "$rc" = 0 ] || { show_log; die "uninstall failed (exit $rc)"; }
expect_nothing_installed "after uninstall"
expect_user_data "after uninstall"
echo "    installed and removed; user data untouched"

step "4. WebView2 per-machine (WOW6432Node): install $version"
wv2_none
reg add "HKLM\\SOFTWARE\\WOW6432Node\\$WV2" /v pv /t REG_SZ /d 131.0.2903.70 /f
rc=$(msi_run /i "$(winpath "$MSI")")
[ "$rc" = 0 ] || { show_log; die "install failed (exit $rc)"; }
expect_installed "install $version" "$MSI"
echo "    $(find "$PF" -type f | wc -l) files in C:\\Program Files\\Yorisoi, shortcut よりそい.lnk, entry 「$(display_name "$(installed_codes)")」"

step "5. same version, new build: replaces"
rc=$(msi_run /i "$(winpath "$work/same.msi")")
[ "$rc" = 0 ] || { show_log; die "same-version install failed (exit $rc)"; }
expect_installed "same-version rebuild" "$work/same.msi"
echo "    one entry: $(installed_codes)"

step "6. newer version $newer: replaces"
rc=$(msi_run /i "$(winpath "$work/newer.msi")")
[ "$rc" = 0 ] || { show_log; die "upgrade failed (exit $rc)"; }
expect_installed "upgrade" "$work/newer.msi"
echo "    one entry: $(installed_codes)"

step "7. older version $version over $newer: refused"
rc=$(msi_run /i "$(winpath "$MSI")")
[ "$rc" != 0 ] || { show_log; die "downgrade was allowed"; }
expect_installed "after the refused downgrade" "$work/newer.msi"
echo "    refused (exit $rc)"

step "8. uninstall"
rc=$(msi_run /x "$(msiprop "$work/newer.msi" ProductCode)")
[ "$rc" = 0 ] || { show_log; die "uninstall failed (exit $rc)"; }
expect_nothing_installed "after uninstall"
expect_user_data "after uninstall"
echo "    program files, shortcut and entry removed; roster, key file, device.json and roles untouched"

echo "check-msi-wine: all steps passed in ${SECONDS}s"
