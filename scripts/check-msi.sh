#!/usr/bin/env bash
# Checks a built Yorisoi MSI (scripts/package-windows.sh runs this on every build):
#
#   bash scripts/check-msi.sh yorisoi-0.1.0-x64.msi [STAGE_DIR]
#
# Reads the tables back with msiinfo (msitools) and fails, listing every problem, unless:
# - the database code page is 932 and the Japanese strings read back as Japanese (wixl 0.101
#   silently empties them otherwise, see packaging/windows/yorisoi.wxs);
# - the package is per-machine (Property ALLUSERS=1, no "no privileges" bit in the summary
#   Word Count) and 64-bit (x64 template, 64-bit components);
# - the program files sit under ProgramFiles64Folder\Yorisoi (fonts\, licenses\ below it);
# - the Start-menu shortcut 「よりそい」 targets yorisoi-desktop.exe and starts in its folder;
# - the WebView2 launch condition and its three registry searches are there, before install;
# - MajorUpgrade is wired (same UpgradeCode as ever, newer replaces, older refuses);
# - nothing can touch user data on uninstall: no RemoveFile/RemoveFolder rows, no custom
#   actions, no CreateFolder, registry, environment (PATH) or INI rows, no permanent or
#   unmanaged components, no AppData/LocalAppData/ProgramData directory at all.
# With STAGE_DIR it also compares sizes and MD5 (MsiFileHash) with the staging folder and
# extracts the embedded cabinet (gcab) to compare every file byte for byte.
set -euo pipefail

usage() { echo "usage: $0 MSI_FILE [STAGE_DIR]" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
MSI=$1
STAGE=${2:-}
[ -f "$MSI" ] || { echo "check-msi: no such file: $MSI" >&2; exit 2; }
[ -z "$STAGE" ] || [ -d "$STAGE" ] || { echo "check-msi: no such folder: $STAGE" >&2; exit 2; }

# Fixed for the life of the product (packaging/windows/yorisoi.wxs): a different UpgradeCode
# would make the next version install beside the old one instead of replacing it.
UPGRADE_CODE='{D914D69F-0038-458E-A0F7-B2A7950C1976}'
PRODUCT_NAME='よりそい'
WV2_CLIENT='{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v msiinfo >/dev/null; then
  echo "check-msi: installing msitools (for msiinfo)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq msitools >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Read everything with no WINDOWS_LANGUAGE and a neutral locale: msiinfo then decodes strings
# with the code page stored in the MSI only, so a package whose code page is wrong reads back
# as mojibake here, exactly as Windows would show it.
# msiinfo's own warnings ("iconv failed" for undecodable strings) go to a file, summarised below.
msi() { env -u WINDOWS_LANGUAGE LC_ALL=C.UTF-8 msiinfo "$@" 2>>"$tmp/msiinfo.err"; }

msi tables "$MSI" > "$tmp/tables" || { echo "check-msi: $MSI is not a readable MSI" >&2; exit 1; }
# export TABLE -> $tmp/TABLE.idt (empty when the table does not exist). Line endings are CRLF.
for t in _ForceCodepage Property File Component Directory Shortcut LaunchCondition AppSearch \
         RegLocator Upgrade InstallExecuteSequence InstallUISequence Media MsiFileHash \
         RemoveFile CustomAction CreateFolder Registry RemoveRegistry Environment IniFile \
         RemoveIniFile DuplicateFile MoveFile ServiceInstall ServiceControl; do
  if grep -qx "$t" "$tmp/tables"; then
    msi export "$MSI" "$t" | tr -d '\r' > "$tmp/$t.idt"
  else
    : > "$tmp/$t.idt"
  fi
done

# sel TABLE COLUMN... : the named columns of every row, tab-separated (an .idt has three header
# lines: column names, column types, table name and keys).
sel() {
  local table=$1; shift
  awk -F'\t' -v OFS='\t' -v cols="$*" '
    NR == 1 { n = split(cols, want, " ")
              for (i = 1; i <= NF; i++) idx[$i] = i
              for (j = 1; j <= n; j++) if (!(want[j] in idx)) { print "no column " want[j] > "/dev/stderr"; exit 2 }
              next }
    NR <= 3 { next }
    { line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? OFS : "") $(idx[want[j]]); print line }' \
    "$tmp/$table.idt"
}
prop() { sel Property Property Value | awk -F'\t' -v k="$1" '$1 == k { print $2; found = 1 } END { exit !found }'; }
# The long half of a Filename value ("SHORT|long name", or just "name").
long_name() { local v=${1%%:*}; printf '%s' "${v##*|}"; }

failures=0
ok()   { echo "ok:   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# --- code page and Japanese strings ------------------------------------------------------------
cp=$(awk -F'\t' 'NR == 3 { print $1 }' "$tmp/_ForceCodepage.idt")
if [ "$cp" = 932 ]; then ok "database code page 932 (Shift_JIS)"; else fail "database code page is '${cp:-?}', want 932 (Japanese strings would be empty or garbled)"; fi

name=$(prop ProductName || true)
if [ "$name" = "$PRODUCT_NAME" ]; then ok "ProductName $name"; else fail "ProductName reads back as '$name', want '$PRODUCT_NAME'"; fi
lang=$(prop ProductLanguage || true)
if [ "$lang" = 1041 ]; then ok "ProductLanguage 1041"; else fail "ProductLanguage is '$lang', want 1041"; fi
version=$(prop ProductVersion || true)
if [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then ok "ProductVersion $version"; else fail "ProductVersion '$version' is not MAJOR.MINOR.PATCH"; fi
base=$(basename "$MSI")
if [[ "$base" =~ ^yorisoi-(.+)-x64\.msi$ ]] && [ "${BASH_REMATCH[1]}" != "$version" ]; then
  fail "file name says version ${BASH_REMATCH[1]} but ProductVersion is $version"
fi
uc=$(prop UpgradeCode || true)
if [ "$uc" = "$UPGRADE_CODE" ]; then ok "UpgradeCode $uc"; else fail "UpgradeCode is '$uc', want $UPGRADE_CODE (it must never change)"; fi

# --- per-machine, 64-bit ----------------------------------------------------------------------
allusers=$(prop ALLUSERS || true)
if [ "$allusers" = 1 ]; then ok "Property ALLUSERS=1 (per-machine)"; else fail "Property ALLUSERS is '${allusers:-<absent>}', want 1"; fi
if prop MSIINSTALLPERUSER >/dev/null; then fail "Property MSIINSTALLPERUSER is set: $(prop MSIINSTALLPERUSER)"; fi
msi suminfo "$MSI" > "$tmp/suminfo"
source_bits=$(sed -n 's/^Source: \([0-9]*\).*/\1/p' "$tmp/suminfo")
template=$(sed -n 's/^Template: //p' "$tmp/suminfo")
if [ -z "$source_bits" ]; then
  fail "no Word Count (Source) in the summary information"
elif (( source_bits & 8 )); then
  fail "summary Word Count $source_bits has the 'no privileges' bit (8): a per-user package"
else
  ok "summary Word Count $source_bits (compressed, elevated: per-machine)"
fi
if [[ "$template" == x64\;* ]]; then ok "summary Template $template"; else fail "summary Template is '$template', want x64;<language>"; fi

# --- directories and files ----------------------------------------------------------------------
declare -A dir_parent dir_name
while IFS=$'\t' read -r d parent default; do
  dir_parent[$d]=$parent
  dir_name[$d]=$(long_name "$default")
done < <(sel Directory Directory Directory_Parent DefaultDir)
# dir_path DIR -> "ProgramFiles64Folder\Yorisoi\fonts" (stops at the first standard folder)
dir_path() {
  local d=$1 path="" n
  while [ -n "$d" ] && [ "$d" != TARGETDIR ]; do
    n=${dir_name[$d]-}
    if [ -z "${dir_parent[$d]-}" ] || [ "${dir_parent[$d]}" = TARGETDIR ]; then
      path="$d${path:+\\$path}"; break
    fi
    [ "$n" = . ] || path="$n${path:+\\$path}"
    d=${dir_parent[$d]}
  done
  printf '%s' "$path"
}
declare -A comp_dir comp_attr comp_guid
while IFS=$'\t' read -r c guid d attr; do
  comp_dir[$c]=$d; comp_attr[$c]=$attr; comp_guid[$c]=$guid
done < <(sel Component Component ComponentId Directory_ Attributes)

declare -A file_key file_size file_path
while IFS=$'\t' read -r key comp fname size; do
  n=$(long_name "$fname")
  file_key[$n]=$key
  file_size[$n]=$size
  file_path[$n]="$(dir_path "${comp_dir[$comp]}")\\$n"
done < <(sel File File Component_ FileName FileSize)

root='ProgramFiles64Folder\Yorisoi'
expect_file() { # NAME RELATIVE-FOLDER
  local want="$root${2:+\\$2}\\$1"
  if [ -z "${file_key[$1]-}" ]; then
    fail "File table has no $1 (files: ${!file_key[*]})"
  elif [ "${file_path[$1]}" != "$want" ]; then
    fail "$1 installs to ${file_path[$1]}, want $want"
  else
    ok "file $want (${file_size[$1]} bytes)"
  fi
}
expect_file yorisoi-desktop.exe ""
expect_file yorisoi.exe ""
expect_file WebView2Loader.dll ""
expect_file ipamjm.ttf fonts
# Licences: the ones scripts/build-windows.sh stages, plus whatever the staging folder has
# (each must be packaged).
licences=(LICENSE-MIT LICENSE-APACHE IPA_Font_License_Agreement_v1.0.txt
          IPAmj_IPA_Font_License_Agreement_v1.0.txt IPAmj_Readme.txt README.txt)
if [ -n "$STAGE" ] && [ -d "$STAGE/licenses" ]; then
  while IFS= read -r f; do licences+=("$f"); done < <(cd "$STAGE/licenses" && find . -type f -printf '%P\n' | sort)
fi
for f in $(printf '%s\n' "${licences[@]}" | sort -u); do expect_file "$f" licenses; done
if [ -n "$STAGE" ] && [ -f "$STAGE/install-windows.md" ]; then expect_file install-windows.md ""; fi
for f in "${!file_path[@]}"; do
  [[ "${file_path[$f]}" == "$root"* ]] || fail "$f installs outside $root: ${file_path[$f]}"
done

for c in "${!comp_attr[@]}"; do
  a=${comp_attr[$c]}
  (( a & 256 )) || fail "component $c is not 64-bit (Attributes $a)"
  (( a & 16 )) && fail "component $c is permanent (Attributes $a): uninstall would leave it"
  [ -n "${comp_guid[$c]}" ] || fail "component $c has no GUID: Windows Installer would never uninstall it"
done
ok "${#comp_attr[@]} components checked (64-bit, managed, not permanent)"

# --- Start-menu shortcut ------------------------------------------------------------------------
desktop_key=${file_key[yorisoi-desktop.exe]-DesktopExe}
desktop_dir=${comp_dir[$(sel File File Component_ | awk -F'\t' -v k="$desktop_key" '$1 == k { print $2 }')]-}
found_sc=0
while IFS=$'\t' read -r sc dir sname target wkdir; do
  [ "$target" = "[#$desktop_key]" ] || continue
  found_sc=1
  n=$(long_name "$sname")
  if [ "$n" = "$PRODUCT_NAME" ] && [ "$dir" = ProgramMenuFolder ] && [ "$wkdir" = "$desktop_dir" ]; then
    ok "shortcut '$n' in $dir -> $target, working folder $wkdir"
  else
    fail "shortcut $sc: name '$n' (want '$PRODUCT_NAME'), folder $dir (want ProgramMenuFolder), working folder '$wkdir' (want $desktop_dir)"
  fi
done < <(sel Shortcut Shortcut Directory_ Name Target WkDir)
[ "$found_sc" = 1 ] || fail "no Shortcut row targets [#$desktop_key]; rows: $(sel Shortcut Shortcut Name Target | tr '\t\n' ' ;')"

# --- WebView2 launch condition ------------------------------------------------------------------
wv2_cond=$(sel LaunchCondition Condition Description | grep -F 'WV2_' || true)
if [ -z "$wv2_cond" ]; then
  fail "no WebView2 launch condition; LaunchCondition rows: $(tr '\n' ';' < "$tmp/LaunchCondition.idt")"
else
  cond=${wv2_cond%%$'\t'*}
  msg=${wv2_cond#*$'\t'}
  [[ "$cond" == "Installed OR "* ]] || fail "WebView2 condition must start with 'Installed OR' (so uninstall always works): $cond"
  if [[ "$msg" == *WebView2*見つかりません*Windows\ Update* ]]; then
    ok "WebView2 launch condition, message: $msg"
  else
    fail "WebView2 launch condition message is not the Japanese text: '$msg'"
  fi
  # Each property in the condition is filled by a registry search for the runtime's "pv".
  while IFS= read -r p; do
    sig=$(sel AppSearch Property Signature_ | awk -F'\t' -v p="$p" '$1 == p { print $2 }')
    loc=$(sel RegLocator Signature_ Root Key Name | awk -F'\t' -v s="$sig" '$1 == s { print $2 "\t" $3 "\t" $4 }')
    if [ -n "$sig" ] && [[ "$loc" == *"$WV2_CLIENT"*$'\t'pv ]]; then
      ok "AppSearch $p <- registry root ${loc%%$'\t'*}: $(cut -f2 <<<"$loc")"
    else
      fail "property $p has no registry search for $WV2_CLIENT pv (AppSearch '$sig', RegLocator '$loc')"
    fi
  done < <(grep -o 'WV2_[A-Z0-9_]*' <<<"$cond" | sort -u)
fi
for seq in InstallExecuteSequence InstallUISequence; do
  s_app=$(sel "$seq" Action Sequence | awk -F'\t' '$1 == "AppSearch" { print $2 }')
  s_lc=$(sel "$seq" Action Sequence | awk -F'\t' '$1 == "LaunchConditions" { print $2 }')
  if [ -n "$s_app" ] && [ -n "$s_lc" ] && [ "$s_app" -lt "$s_lc" ]; then
    ok "$seq: AppSearch ($s_app) before LaunchConditions ($s_lc)"
  else
    fail "$seq: AppSearch '$s_app' must run before LaunchConditions '$s_lc'"
  fi
done

# --- upgrades --------------------------------------------------------------------------------------
up=$(sel Upgrade UpgradeCode VersionMax Attributes ActionProperty | awk -F'\t' '$4 == "WIX_UPGRADE_DETECTED"')
down=$(sel Upgrade UpgradeCode VersionMin Attributes ActionProperty | awk -F'\t' '$4 == "WIX_DOWNGRADE_DETECTED"')
IFS=$'\t' read -r u_code u_max u_attr _ <<<"$up" || true
if [ "$u_code" = "$UPGRADE_CODE" ] && [ "$u_max" = "$version" ] && (( (u_attr & 2) == 0 )); then
  ok "upgrade: removes older versions (VersionMax $u_max, Attributes $u_attr$( (( u_attr & 512 )) && echo ', same version too'))"
else
  fail "Upgrade row for WIX_UPGRADE_DETECTED is wrong: '$up'"
fi
IFS=$'\t' read -r d_code d_min d_attr _ <<<"$down" || true
if [ "$d_code" = "$UPGRADE_CODE" ] && [ "$d_min" = "$version" ] && (( d_attr & 2 )) \
   && sel LaunchCondition Condition | grep -qx 'NOT WIX_DOWNGRADE_DETECTED'; then
  ok "downgrade: detected and refused (launch condition NOT WIX_DOWNGRADE_DETECTED)"
else
  fail "downgrade protection missing: Upgrade row '$down', LaunchCondition rows: $(sel LaunchCondition Condition | tr '\n' ';')"
fi
if sel InstallExecuteSequence Action | grep -qx RemoveExistingProducts; then
  ok "RemoveExistingProducts scheduled"
else
  fail "RemoveExistingProducts is not in InstallExecuteSequence"
fi

# --- nothing that could touch user data -------------------------------------------------------------
# RemoveFolder elements also land in RemoveFile; a custom action could delete anything. This
# package needs none of these tables, so any row at all is a failure (printed in full).
before=$failures
for t in RemoveFile CustomAction CreateFolder Registry RemoveRegistry Environment IniFile \
         RemoveIniFile DuplicateFile MoveFile ServiceInstall ServiceControl; do
  rows=$(tail -n +4 "$tmp/$t.idt" | grep -c . || true)
  if [ "$rows" -gt 0 ]; then
    fail "$t has $rows row(s):"; tail -n +4 "$tmp/$t.idt" | sed 's/^/        /'
  fi
done
bad_dirs=$(sel Directory Directory | grep -E -x 'LocalAppDataFolder|AppDataFolder|CommonAppDataFolder|PersonalFolder|DesktopFolder' || true)
if [ -n "$bad_dirs" ]; then fail "Directory table references user/app-data folders: $(tr '\n' ' ' <<<"$bad_dirs")"; fi
if grep -aqiE 'LocalAppData|AppData|ProgramData|roster' "$tmp/RemoveFile.idt" "$tmp/CustomAction.idt"; then
  fail "RemoveFile/CustomAction mention app data or the roster"
fi
[ "$failures" -eq "$before" ] && ok "no RemoveFile/RemoveFolder, CustomAction, CreateFolder, registry, PATH or app-data rows"

# --- against the staging folder -------------------------------------------------------------------
if [ -n "$STAGE" ]; then
  declare -A stage_rel=()
  for n in "${!file_path[@]}"; do
    rel=${file_path[$n]#"$root"\\}
    stage_rel[$n]=${rel//\\//}
  done
  # Sizes, and MD5 against MsiFileHash (four little-endian signed 32-bit words of the digest).
  declare -A hash_of
  while IFS=$'\t' read -r key h1 h2 h3 h4; do hash_of[$key]="$h1 $h2 $h3 $h4"; done \
    < <(sel MsiFileHash File_ HashPart1 HashPart2 HashPart3 HashPart4)
  md5_words() {
    local hex i w out=""
    hex=$(md5sum "$1" | cut -c1-32)
    for i in 0 8 16 24; do
      w=$(( 16#${hex:i+6:2}${hex:i+4:2}${hex:i+2:2}${hex:i:2} ))
      (( w >= 2147483648 )) && w=$(( w - 4294967296 ))
      out+="${out:+ }$w"
    done
    printf '%s' "$out"
  }
  size_ok=0
  for n in "${!stage_rel[@]}"; do
    f="$STAGE/${stage_rel[$n]}"
    if [ ! -f "$f" ]; then fail "$n is in the MSI but not in the stage ($f)"; continue; fi
    s=$(stat -c %s "$f")
    [ "$s" = "${file_size[$n]}" ] || { fail "$n: MSI says ${file_size[$n]} bytes, stage has $s"; continue; }
    h=${hash_of[${file_key[$n]}]-}
    if [ -n "$h" ] && [ "$h" != "$(md5_words "$f")" ]; then fail "$n: MsiFileHash differs from the stage's MD5"; continue; fi
    size_ok=$((size_ok + 1))
  done
  ok "$size_ok files match the stage in size and MD5"

  # The cabinet itself: extract and compare byte for byte (cabinet members are named by File key).
  if ! command -v gcab >/dev/null; then
    echo "check-msi: installing gcab (to extract the cabinet)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcab >/dev/null || true
  fi
  if command -v gcab >/dev/null; then
    cab=$(sel Media Cabinet | head -n1)
    if [[ "$cab" != \#* ]]; then
      fail "cabinet '$cab' is not embedded in the MSI"
    else
      msi extract "$MSI" "${cab#\#}" > "$tmp/files.cab"
      mkdir "$tmp/cab"
      gcab -x -C "$tmp/cab" "$tmp/files.cab" >/dev/null
      same=0
      for n in "${!stage_rel[@]}"; do
        if cmp -s "$tmp/cab/${file_key[$n]}" "$STAGE/${stage_rel[$n]}"; then same=$((same + 1))
        else fail "$n: the cabinet's copy (${file_key[$n]}) differs from the stage"; fi
      done
      extra=$(( $(find "$tmp/cab" -type f | wc -l) - ${#stage_rel[@]} ))
      [ "$extra" -eq 0 ] || fail "the cabinet holds $extra file(s) the File table does not list"
      ok "cabinet ${cab#\#}: $same files identical to the stage"
    fi
  else
    echo "note: gcab not available; cabinet contents not compared"
  fi
fi

if grep -q 'iconv failed' "$tmp/msiinfo.err" 2>/dev/null; then
  echo "note: msiinfo could not decode $(grep -c 'iconv failed' "$tmp/msiinfo.err") string(s) with the MSI's code page"
fi
if [ "$failures" -gt 0 ]; then
  echo "check-msi: $failures problem(s) in $MSI" >&2
  exit 1
fi
echo "check-msi: $MSI is fine"
