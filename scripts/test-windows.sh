#!/usr/bin/env bash
# The command line's contract, checked against the Windows build under Wine.
#
#   scripts/test-windows.sh STAGE_DIR
#
# STAGE_DIR holds the built files as the installer lays them out:
#   yorisoi.exe  yorisoi-desktop.exe  WebView2Loader.dll  fonts/ipamjm.ttf  licenses/...
# The stage is only read. Everything else (the Wine prefix, the helpers built from
# tests/windows/*.c, rosters, PDFs) lives in one temporary folder, removed at the end
# (KEEP=1 keeps it and prints where it is).
#
# One fresh Wine prefix per run: the app is copied into C:\Program Files\Yorisoi as the
# installer would put it, rosters go to C:\users\<user>\名簿 フォルダ (Japanese and a
# space), and every file the app writes is then read on the Linux side through the
# prefix (pdftotext, qpdf, pdffonts, sha256sum). Each check looks at content, prints what
# was expected and what came out when it fails, and the last line is `N passed, M failed`
# (exit 1 when M > 0). Sections marked NEW test behaviour that may not be built yet.
#
# One run takes about 35-50 s on the 2-core build machine (the prefix: 5-15 s).
#
# Needs: wine64 (Debian 12: wine64 8.0), gcc-mingw-w64-x86-64, poppler-utils, qpdf, python3.
set -euo pipefail

STARTED=$SECONDS
REPO=$(cd "$(dirname "$0")/.." && pwd)

if [[ $# -ne 1 || ! -d $1 ]]; then
  echo "usage: $0 STAGE_DIR   (the folder with yorisoi.exe and fonts/ipamjm.ttf)" >&2
  exit 2
fi
STAGE=$(cd "$1" && pwd)
for f in yorisoi.exe fonts/ipamjm.ttf; do
  if [[ ! -f $STAGE/$f ]]; then
    echo "$STAGE/$f is missing" >&2
    exit 2
  fi
done

# ---------------------------------------------------------------------------- tools
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver)
MINGW=x86_64-w64-mingw32-gcc
missing=()
[[ -x $WINE ]] || missing+=(wine64)
command -v "$MINGW" >/dev/null || missing+=(gcc-mingw-w64-x86-64)
command -v pdftotext >/dev/null && command -v pdffonts >/dev/null || missing+=(poppler-utils)
command -v qpdf >/dev/null || missing+=(qpdf)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "== installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
    WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver)
  else
    echo "missing: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }

# ---------------------------------------------------------------------------- the run's world
T=$(mktemp -d /tmp/yorisoi-wintest.XXXXXX)
export WINEPREFIX=$T/prefix
export WINEDEBUG=-all
# No Mono / Gecko installers, no menu entries; no window is needed by anything here.
export WINEDLLOVERRIDES='mscoree=;mshtml=;winemenubuilder.exe=d'
export LC_ALL=C.UTF-8 # Wine converts arguments, the environment and file names with it
unset DISPLAY WAYLAND_DISPLAY YORISOI_DB YORISOI_PASSPHRASE YORISOI_NEW_PASSPHRASE
export YORISOI_OPERATOR='試験 担当'
# Every roster is opened by account (#14): the first admin of each roster made here.
export YORISOI_ACCOUNT='試験 担当'
PASS='ながい あいことば を みっつ 2026'

cleanup() {
  "$WINESERVER" -k >/dev/null 2>&1 || true
  if [[ ${KEEP:-0} == 1 ]]; then
    echo "kept $T"
  else
    rm -rf "$T"
  fi
}
trap cleanup EXIT
cd "$T" # the Windows working folder is Z:\tmp\...: Linux paths stay reachable, as a trap

PASSED=0
FAILED=0
SKIPPED=0
SKIPS=()

section() { printf '\n== %s\n' "$*"; }
pass() {
  PASSED=$((PASSED + 1))
  printf '  ok    %s\n' "$1"
}
fail() {
  FAILED=$((FAILED + 1))
  printf '  FAIL  %s\n' "$1"
  shift
  local line
  for line in "$@"; do
    printf '%s\n' "${line:0:1500}" | sed 's/^/        /'
  done
}
skip() {
  SKIPPED=$((SKIPPED + 1))
  SKIPS+=("$1")
  printf '  SKIP  %s\n' "$1"
  shift
  local line
  for line in "$@"; do printf '        %s\n' "$line"; done
}

# wrun CMD...: runs CMD with stdin from $STDIN (default /dev/null); sets RC, OUT and ERR
# (carriage returns removed) and keeps the raw stdout in $T/out.
wrun() {
  set +e
  "$@" <"${STDIN:-/dev/null}" >"$T/out" 2>"$T/err"
  RC=$?
  set -e
  OUT=$(tr -d '\r' <"$T/out")
  ERR=$(tr -d '\r' <"$T/err")
}

APP_WIN='C:\Program Files\Yorisoi'
EXE="$APP_WIN\\yorisoi.exe"
y() { YORISOI_PASSPHRASE=$PASS wrun "$WINE" "$EXE" "$@"; }

# What a failed command said, for failure messages.
said() { printf 'exit %s\nstdout: %s\nstderr: %s' "$RC" "${OUT:0:800}" "${ERR:0:800}"; }

expect_rc() { # expect_rc WANT WHAT
  if [[ $RC == "$1" ]]; then
    pass "$2 (exit $RC)"
  else
    fail "$2" "expected exit $1" "$(said)"
  fi
}
expect_eq() { # expect_eq WHAT WANT GOT
  if [[ $2 == "$3" ]]; then
    pass "$1"
  else
    fail "$1" "expected: $2" "got:      $3"
  fi
}
expect_has() { # expect_has WHAT TEXT NEEDLE
  if [[ $2 == *"$3"* ]]; then
    pass "$1"
  else
    fail "$1" "expected to contain: $3" "got: ${2:0:1500}"
  fi
}
expect_lacks() { # expect_lacks WHAT TEXT NEEDLE
  if [[ $2 != *"$3"* ]]; then
    pass "$1"
  else
    fail "$1" "expected NOT to contain: $3" "got: ${2:0:1500}"
  fi
}

# pyj EXPR: evaluates a Python expression over the JSON in $OUT (bound to d); prints the
# result, or "JSON-ERROR ..." (never fails, so set -e does not end the run).
pyj() {
  python3 - "$1" 3<<<"$OUT" <<'PY'
import json, os, re, sys
try:
    d = json.loads(os.fdopen(3, encoding="utf-8").read())
    r = eval(sys.argv[1], {"d": d, "re": re, "json": json})
    print(json.dumps(r, ensure_ascii=False) if not isinstance(r, str) else r)
except Exception as e:
    print(f"JSON-ERROR {type(e).__name__}: {e}")
PY
}

num() { if [[ $1 =~ ^[0-9]+$ ]]; then echo "$1"; else echo 0; fi; } # an id, or 0

sha() { if [[ -e $1 ]]; then sha256sum <"$1" | cut -d' ' -f1; else echo absent; fi; }

# Is the file plaintext SQLite? (its first 16 bytes are "SQLite format 3\0")
plaintext_sqlite() { [[ $(head -c 16 "$1" | od -An -tx1 | tr -d ' \n') == 53514c69746520666f726d6174203300 ]]; }

# ---------------------------------------------------------------------------- setup
section "setup: helpers, a fresh Wine prefix, the app in C:\\Program Files\\Yorisoi"
echo "  stage   $STAGE"
echo "  wine    $("$WINE" --version 2>/dev/null || echo '?') ($WINE)"
echo "  prefix  $WINEPREFIX"
HELPERS=$T/helpers
mkdir -p "$HELPERS"
for h in aclshow drivetype; do
  "$MINGW" -municode -O2 -Wall -o "$HELPERS/$h.exe" "$REPO/tests/windows/$h.c" -ladvapi32
done
# TEST ONLY (see the comment in the source): Wine 8.0 lacks bcryptprimitives.dll, which
# Rust's std needs. Never copied into the stage or shipped.
"$MINGW" -shared -O2 -Wall -o "$HELPERS/bcryptprimitives.dll" \
  "$REPO/tests/windows/bcryptprimitives.c" "$REPO/tests/windows/bcryptprimitives.def" -ladvapi32
t0=$SECONDS
"$WINE" wineboot -i >/dev/null 2>&1 || true
echo "  prefix made in $((SECONDS - t0)) s"
SYS32=$WINEPREFIX/drive_c/windows/system32
if [[ -e $SYS32/bcryptprimitives.dll ]]; then
  echo "  this Wine has its own bcryptprimitives.dll; the shim is not used"
else
  cp "$HELPERS/bcryptprimitives.dll" "$SYS32/"
fi
# N: is a "network drive": a folder of the temp dir that Wine reports as DRIVE_REMOTE
# (mountmgr reads HKLM\Software\Wine\Drives when it starts, so the server is restarted).
NETDIR=$T/netdrive
mkdir -p "$NETDIR"
ln -s "$NETDIR" "$WINEPREFIX/dosdevices/n:"
"$WINE" reg add 'HKLM\Software\Wine\Drives' /v 'n:' /d network /f >/dev/null 2>&1
"$WINESERVER" -k || true
"$WINESERVER" -w
"$WINESERVER" -p # stays up between commands (saves a restart per command)

APP=$WINEPREFIX/drive_c/Program\ Files/Yorisoi
mkdir -p "$APP"
cp -a "$STAGE/." "$APP/"
# The same program in a folder without fonts\ (section 7).
NOFONT_WIN='C:\Yorisoi-nofonts'
mkdir -p "$WINEPREFIX/drive_c/Yorisoi-nofonts"
cp "$STAGE/yorisoi.exe" "$WINEPREFIX/drive_c/Yorisoi-nofonts/"

wrun "$WINE" "$HELPERS/aclshow.exe" --user
WSID=$(sed -n 's/^sid=//p' <<<"$OUT")
WNAME=$(sed -n 's/^name=//p' <<<"$OUT")
wrun "$WINE" cmd /c 'echo %USERPROFILE%'
PROFILE_WIN=$OUT
wrun "$WINE" winepath -u "$PROFILE_WIN"
PROFILE=$(realpath -e "${OUT%/}" 2>/dev/null || echo "${OUT%/}") # .../prefix/drive_c/users/<user>
if [[ -z $WSID || -z $WNAME || ! -d $PROFILE ]]; then
  echo "cannot work out the Wine user (sid '$WSID', name '$WNAME', profile '$PROFILE_WIN' -> '$PROFILE')" >&2
  exit 1
fi
echo "  user    $WNAME $WSID, profile $PROFILE_WIN"

RDIR_WIN="$PROFILE_WIN\\名簿 フォルダ"
RDIR=$PROFILE/名簿\ フォルダ
mkdir -p "$RDIR"

y --help
if [[ $RC != 0 || $OUT != *init* ]]; then
  echo "yorisoi.exe does not start under Wine:" >&2
  said >&2
  echo >&2
  exit 1
fi
echo "  yorisoi.exe starts ($((SECONDS - STARTED)) s so far)"

# ---------------------------------------------------------------------------- 1
section "1. init in a folder with a Japanese name and a space"
DB_WIN="$RDIR_WIN\\town.db"
DB=$RDIR/town.db
y --db "$DB_WIN" init
expect_rc 0 "init $DB_WIN"
if [[ -f $DB ]]; then
  pass "the roster is at drive_c/${DB#"$WINEPREFIX"/drive_c/}"
  if plaintext_sqlite "$DB"; then
    fail "the roster is not plaintext" "its first 16 bytes are 'SQLite format 3\\0'"
  else
    pass "the roster is not plaintext (first 16 bytes: $(head -c 16 "$DB" | od -An -tx1 | tr -d ' \n'))"
  fi
  if [[ -f $RDIR/town.keys ]]; then
    pass "its key file is beside it (town.keys)"
  else
    fail "its key file is beside it" "no town.keys; the folder holds: $(ls -A "$RDIR")"
  fi
else
  fail "the roster is at $DB" "no such file; the folder holds: $(ls -A "$RDIR")"
fi
before=$(sha "$DB")
y --db "$DB_WIN" init
expect_rc 1 "a second init on the same path is refused"
expect_eq "... and leaves the file byte-identical (sha256)" "$before" "$(sha "$DB")"

# ---------------------------------------------------------------------------- 2
section "2. demo roster of 200 people"
DEMO_WIN="$RDIR_WIN\\demo.db"
y --db "$DEMO_WIN" demo --persons 200 --seed 7
expect_rc 0 "demo --persons 200 --seed 7"
y --db "$DEMO_WIN" person list --archived --json
expect_eq "person list --archived --json has 200 people" 200 "$(pyj 'len(d)')"
expect_eq "... all on the roster but the archived ones" "$(pyj 'len(d) - sum(p["archived"] for p in d)')" \
  "$(y --db "$DEMO_WIN" person list --json && pyj 'len(d)')"
expect_eq "every name is Japanese (kanji or kana words separated by spaces; furigana in kana)" \
  "200 of 200" "$(pyj "str(sum(1 for p in d if re.fullmatch(r'[\u3040-\u30ff\u3400-\u9fff\U00020000-\U0002ffff々〆ヶ]+( [\u3040-\u30ff\u3400-\u9fff\U00020000-\U0002ffff々〆ヶ]+)+', p['name']) and re.fullmatch(r'[\u3040-\u30ff ]+', p['furigana']))) + ' of ' + str(len(d))")"
y --db "$DEMO_WIN" person list --limit 5 --json
names=$(pyj '"\n".join(p["name"] for p in d)')
y --db "$DEMO_WIN" person list --limit 5
if python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8")' <"$T/out" 2>/dev/null; then
  pass "text output through a pipe is UTF-8 ($(grep -c $'\r' "$T/out" || true) of $(wc -l <"$T/out") lines end in CRLF)"
else
  fail "text output through a pipe is UTF-8" "got bytes: $(head -c 120 "$T/out" | od -An -tx1 | head -3)"
fi
missing_names=$(while IFS= read -r n; do [[ -z $n || $OUT == *"$n"* ]] || echo "$n"; done <<<"$names")
expect_eq "... and the text list shows the same 5 names as --json (${names//$'\n'/、})" "" "$missing_names"

# ---------------------------------------------------------------------------- 3
section "3. person add / show / search by kana"
cat >"$T/hana.json" <<'JSON'
{
  "name": "𠮷田 はな",
  "furigana": "よしだ はな",
  "sex": "female",
  "date_of_birth": "昭和14年5月6日",
  "address": "みどり市中央町3丁目2番1号 ひだまり荘101",
  "phone": "0990-33-4444",
  "district": "中央地区",
  "association": "中央第一自治会",
  "block": "2班",
  "category": "elderly-living-alone",
  "care_level": "care-2",
  "contact": {"mobile_phone": "090-3333-4444"},
  "emergency_contacts": [{"name": "𠮷田 一郎", "relationship": "長男", "phone": "090-5555-6666"}],
  "house": {"structure": "wooden", "storeys": 2, "bedroom_location": "1階 南側和室"},
  "hazard_zones": {"flood": true},
  "plan": {"destinations": [{"kind": "shelter", "name": "みどり小学校"}],
           "route": "川沿いを避けて高台へ", "means": "walk"},
  "notes": "耳が遠い。玄関の呼び鈴は聞こえにくい"
}
JSON
STDIN=$T/hana.json y --db "$DB_WIN" person add --json -
expect_rc 0 "person add --json - (the document on standard input)"
HANA=$OUT
if [[ ! $HANA =~ ^[0-9]+$ ]]; then
  fail "person add prints the new id" "got: $HANA" "$(said)"
  HANA=1
fi
# Two more of the same 自治会: one refuses, one is never asked. Their documents are
# read from a file in the Japanese folder (a Windows path with a space).
python3 - "$RDIR" <<'PY'
import json, sys
base = {"sex": "male", "district": "中央地区", "association": "中央第一自治会", "care_level": "care-1"}
docs = {
    "拒否.json": {"name": "拒否野 太郎", "furigana": "きょひの たろう", "date_of_birth": "1941-02-03",
                  "address": "みどり市中央町4丁目1番", "phone": "0990-44-5555"},
    "未回答.json": {"name": "未回答 次郎", "furigana": "みかいとう じろう", "date_of_birth": "1942-03-04",
                    "address": "みどり市中央町5丁目1番", "phone": "0990-55-6666"},
}
for file, doc in docs.items():
    with open(f"{sys.argv[1]}/{file}", "w", encoding="utf-8") as f:
        json.dump({**base, **doc}, f, ensure_ascii=False)
PY
y --db "$DB_WIN" person add --json "$RDIR_WIN\\拒否.json"
expect_rc 0 "person add --json $RDIR_WIN\\拒否.json"
REFUSER=$(num "$OUT")
y --db "$DB_WIN" person add --json "$RDIR_WIN\\未回答.json"
expect_rc 0 "person add --json $RDIR_WIN\\未回答.json"
NEVER=$(num "$OUT")
y --db "$DB_WIN" person show "$HANA" --json
expect_rc 0 "person show $HANA --json"
expect_eq "... name" "𠮷田 はな" "$(pyj 'd["name"]')"
expect_eq "... furigana" "よしだ はな" "$(pyj 'd["furigana"]')"
expect_eq "... address" "みどり市中央町3丁目2番1号 ひだまり荘101" "$(pyj 'd["address"]')"
expect_eq "... date of birth (昭和14年5月6日)" "1939-05-06" "$(pyj 'd["date_of_birth"]')"
for q in ヨシダ ﾖｼﾀﾞ よしだ; do
  y --db "$DB_WIN" person list --query "$q" --json
  expect_eq "person list --query $q finds her (and only her)" "[$HANA]" "$(pyj '[p["id"] for p in d]')"
done

# ---------------------------------------------------------------------------- 4
section "4. consent"
y --db "$DB_WIN" consent record "$HANA" --purpose roster --recipient-kind neighbourhood \
  --answer consented --by '福祉 一郎' --evidence '同意書 R8-001'
expect_rc 0 "consent record $HANA (roster, neighbourhood, consented)"
y --db "$DB_WIN" consent record "$HANA" --purpose roster --recipient-kind welfare-commissioner \
  --answer consented --by '福祉 一郎' --evidence '同意書 R8-001'
expect_rc 0 "consent record $HANA (roster, welfare-commissioner, consented)"
y --db "$DB_WIN" consent record "$REFUSER" --purpose roster --recipient-kind neighbourhood \
  --answer refused --by '福祉 一郎'
expect_rc 0 "consent record $REFUSER (refused)"
y --db "$DB_WIN" consent history "$HANA" --json
expect_rc 0 "consent history $HANA --json"
expect_eq "... her two answers, oldest first (purpose, recipient kind, answer, by, evidence)" \
  '[["roster", "neighbourhood", "consented", "福祉 一郎", "同意書 R8-001"], ["roster", "welfare-commissioner", "consented", "福祉 一郎", "同意書 R8-001"]]' \
  "$(pyj '[[c["purpose"], c["recipient_kind"], c["answer"], c["obtained_by"], c["evidence_ref"]] for c in d]')"

# ---------------------------------------------------------------------------- 5
section "5. recipient and share preview"
y --db "$DB_WIN" recipient add --kind neighbourhood --name '中央第一自治会' --district '中央地区' \
  --association '中央第一自治会' --custodian '会長 山田 太郎' --phone 0990-11-0000
expect_rc 0 "recipient add (自治会 of 中央地区)"
RID=$(num "$OUT")
y --db "$DB_WIN" recipient add --kind welfare-commissioner --name '民生委員 中央 はるこ' --district '中央地区'
expect_rc 0 "recipient add (民生委員 of 中央地区)"
CID=$(num "$OUT")
y --db "$DB_WIN" settings set "recipient.$CID.profile" detailed
expect_rc 0 "settings set recipient.$CID.profile detailed (the 民生委員 gets the detailed list)"
y --db "$DB_WIN" share preview --recipient "$RID" --json
expect_rc 0 "share preview --recipient $RID --json"
expect_eq "... includes her, only her" "[$HANA]" "$(pyj '[p["person_id"] for p in d["included"]]')"
expect_eq "... leaves off the one who refused and the one never asked" \
  "[$((REFUSER < NEVER ? REFUSER : NEVER)), $((REFUSER < NEVER ? NEVER : REFUSER))]" \
  "$(pyj 'sorted(p["person_id"] for p in d["excluded"])')"

# ---------------------------------------------------------------------------- 6
section "6. printed lists (read back with pdftotext / qpdf)"
y --db "$DB_WIN" print list --kind simple --recipient "$RID" --out "$RDIR_WIN\\list.pdf"
expect_rc 0 "print list --kind simple --out $RDIR_WIN\\list.pdf"
SERIAL=$(grep -oE '[0-9]{4}-[0-9]{5}' <<<"$OUT" | head -1 || true)
LIST=$RDIR/list.pdf
if [[ -f $LIST ]]; then
  text=$(pdftotext "$LIST" - 2>&1 || true)
  expect_has "the list names her" "$text" "𠮷田"
  expect_has "... with her address" "$text" "中央町3丁目2番1号"
  if [[ -n $SERIAL ]]; then
    expect_has "the list carries the serial $SERIAL" "$text" "$SERIAL"
  else
    fail "print list prints the serial" "$(said)"
  fi
  expect_lacks "the one who refused is not on it" "$text" "拒否野"
  expect_lacks "the one never asked is not on it" "$text" "未回答"
else
  fail "the list is at $LIST" "no such file" "$(said)"
fi
export LISTPW='ひみつ の あいことば 7'
y --db "$DB_WIN" print list --kind detailed --recipient "$CID" --lock-password-env LISTPW \
  --out "$RDIR_WIN\\detailed.pdf"
expect_rc 0 "print list --kind detailed --recipient $CID (民生委員) --lock-password-env LISTPW"
DETAILED=$RDIR/detailed.pdf
if [[ -f $DETAILED ]]; then
  enc=$(qpdf --show-encryption --password="$LISTPW" "$DETAILED" 2>&1 || true)
  if [[ $enc == *"R = 6"* && $enc == *AESv3* ]]; then
    pass "qpdf: locked with AES-256 (R = 6, AESv3)"
  else
    fail "qpdf: locked with AES-256 (R = 6, AESv3)" "got: $enc"
  fi
  text=$(pdftotext -upw "$LISTPW" "$DETAILED" - 2>&1 || true)
  expect_has "pdftotext -upw reads her name" "$text" "𠮷田"
  expect_lacks "... and not the one who refused the 自治会 (never asked for 民生委員)" "$text" "拒否野"
  if pdftotext "$DETAILED" - >/dev/null 2>&1; then
    fail "without the password pdftotext cannot read it" "pdftotext succeeded"
  else
    pass "without the password pdftotext cannot read it"
  fi
else
  fail "the detailed list is at $DETAILED" "no such file" "$(said)"
fi

# ---------------------------------------------------------------------------- 7
section "7. plan sheet with 𠮷 (U+20BB7) from fonts\\ipamjm.ttf beside the exe (NEW)"
# The office's plan sheet has every field: always locked (the list's password again).
y --db "$DB_WIN" print plan --person "$HANA" --lock-password-env LISTPW --out "$RDIR_WIN\\plan.pdf"
expect_rc 0 "print plan --person $HANA --lock-password-env LISTPW (exe in $APP_WIN, font in its fonts\\)"
PLAN=$RDIR/plan.pdf
if [[ -f $PLAN ]]; then
  text=$(pdftotext -upw "$LISTPW" "$PLAN" - 2>&1 || true)
  expect_has "pdftotext -upw gives back 𠮷 (U+20BB7)" "$text" $'\U00020BB7'
  fonts=$(pdffonts -upw "$LISTPW" "$PLAN" 2>&1 || true)
  expect_eq "pdffonts lists two fonts" 2 "$(tail -n +3 <<<"$fonts" | grep -c . || true)"
  expect_has "... one of them IPAmj明朝" "$fonts" "IPAmj"
else
  fail "the plan sheet is at $PLAN" "no such file"
fi
for f in "$WINEPREFIX/drive_c/windows/Fonts/ipamjm.ttf" "$PROFILE/AppData/Local/Microsoft/Windows/Fonts/ipamjm.ttf"; do
  [[ ! -e $f ]] || echo "  note: $f exists; the next check cannot tell where the font came from"
done
NOPLAN=$RDIR/plan-nofonts.pdf
YORISOI_PASSPHRASE=$PASS wrun "$WINE" "$NOFONT_WIN\\yorisoi.exe" --db "$DB_WIN" print plan --person "$HANA" \
  --lock-password-env LISTPW --out "$RDIR_WIN\\plan-nofonts.pdf"
if [[ $RC != 0 ]]; then
  pass "the same exe in a folder without fonts\\ refuses to print 𠮷田's plan (exit $RC)"
else
  fail "the same exe in a folder without fonts\\ refuses to print 𠮷田's plan" \
    "it printed: the font came from somewhere else (a Linux path through Z:?)" "$(said)"
fi
expect_has "... naming the character U+20BB7" "$ERR" "U+20BB7"
if [[ -e $NOPLAN ]]; then
  fail "... and writes no file" "$NOPLAN exists"
else
  pass "... and writes no file"
fi

# ---------------------------------------------------------------------------- 8
section "8. import a Shift_JIS (CP932) CSV"
python3 - "$RDIR/福祉抽出.csv" <<'PY'
import sys
text = ("宛名番号,氏名,ﾌﾘｶﾞﾅ,性別,生年月日,住所,電話番号,要介護度,世帯状況,地区,備考\r\n"
        "1001,髙橋 一郎,ﾀｶﾊｼ ｲﾁﾛｳ,男,S15/03/02,みどり市中央町１－２－３,０９９０－１１－２２２２,要介護３,独居,中央地区,\"階段が苦手\r\n夜間は娘が来る\"\r\n"
        "1002,山﨑　花子,ﾔﾏｻﾞｷ ﾊﾅｺ,女,昭和15年3月2日,みどり市東町4-5,0990-22-3333,要支援1,高齢者のみ,東地区,\r\n"
        "1003,佐藤 次郎,ｻﾄｳ ｼﾞﾛｳ,1,1950-07-08,みどり市西町7,,非該当,同居,西地区,\r\n")
open(sys.argv[1], "wb").write(text.encode("cp932"))
PY
y --db "$DB_WIN" import "$RDIR_WIN\\福祉抽出.csv" --json
expect_rc 0 "import $RDIR_WIN\\福祉抽出.csv"
expect_eq "... read 3, added 3, rejected none, as shift_jis" '[3, 3, 0, "shift_jis"]' \
  "$(pyj '[d["read"], d["added"], len(d["rejected"]), d["encoding"]]')"
y --db "$DB_WIN" person list --query 髙橋 --json
expect_eq "髙橋 一郎 (IBM extension 髙) with furigana タカハシ イチロウ" '[["髙橋 一郎", "タカハシ イチロウ"]]' \
  "$(pyj '[[p["name"], p["furigana"]] for p in d]')"
y --db "$DB_WIN" person list --query ﾔﾏｻﾞｷ --json
expect_eq "山﨑 花子 (NEC-selected IBM extension 﨑), found by ﾔﾏｻﾞｷ" '["山﨑 花子"]' "$(pyj '[p["name"] for p in d]')"

# ---------------------------------------------------------------------------- 9
section "9. export (CSV, UTF-8 with BOM, statutory profile)"
EXPORT=$RDIR/名簿出力.csv
[[ ! -e $EXPORT ]] || fail "the export file does not exist yet" "$EXPORT exists"
y --db "$DB_WIN" export --format csv --profile statutory --encoding utf-8-bom --out "$RDIR_WIN\\名簿出力.csv"
expect_rc 0 "export --out $RDIR_WIN\\名簿出力.csv"
if [[ -f $EXPORT ]]; then
  expect_eq "... starts with the UTF-8 BOM" efbbbf "$(head -c 3 "$EXPORT" | od -An -tx1 | tr -d ' \n')"
  csv=$(tail -c +4 "$EXPORT" | tr -d '\r')
  expect_eq "... the statutory header" "ID,宛名番号,氏名,フリガナ,性別,生年月日,住所,電話番号,携帯電話,避難支援等を必要とする事由" \
    "$(head -1 <<<"$csv")"
  expect_has "... has 𠮷田 はな" "$csv" "𠮷田 はな"
  expect_has "... has 髙橋 一郎" "$csv" "髙橋 一郎"
  expect_has "... has 山﨑 花子" "$csv" "山﨑 花子"
  expect_eq "... CRLF line ends (RFC 4180)" yes "$(grep -q $'\r$' "$EXPORT" && echo yes || echo no)"
  before=$(sha "$EXPORT")
  y --db "$DB_WIN" export --format csv --profile statutory --encoding utf-8-bom --out "$RDIR_WIN\\名簿出力.csv"
  if [[ $RC != 0 && $(sha "$EXPORT") == "$before" ]]; then
    pass "a second export to the same file is refused and the file is unchanged (exit $RC)"
  else
    fail "a second export to the same file is refused and the file is unchanged" "$(said)"
  fi
else
  fail "the export is at $EXPORT" "no such file"
fi

# ---------------------------------------------------------------------------- 10
section "10. backup and restore"
y --db "$DB_WIN" backup --out "$RDIR_WIN\\town-backup.db"
expect_rc 0 "backup --out $RDIR_WIN\\town-backup.db"
BACKUP=$RDIR/town-backup.db
if [[ -f $BACKUP ]] && ! plaintext_sqlite "$BACKUP"; then
  pass "the backup exists and is not plaintext"
else
  fail "the backup exists and is not plaintext" "$(ls -l "$BACKUP" 2>&1)"
fi
bsum=$(sha "$BACKUP")
y --db "$DB_WIN" restore "$RDIR_WIN\\town-backup.db" --to "$RDIR_WIN\\restored.db"
expect_rc 0 "restore --to $RDIR_WIN\\restored.db"
expect_eq "the backup is unchanged by the restore" "$bsum" "$(sha "$BACKUP")"
y --db "$DB_WIN" person list --archived --json
a=$OUT
y --db "$RDIR_WIN\\restored.db" person list --archived --json
b=$OUT
if [[ -n $a && $a == "$b" ]]; then
  pass "person list --json of the restored roster equals the original's ($(OUT=$a pyj 'len(d)') people)"
else
  fail "person list --json of the restored roster equals the original's" "original: ${a:0:400}" "restored: ${b:0:400}" "$(said)"
fi

# ---------------------------------------------------------------------------- 11
section "11. check"
y --db "$DB_WIN" check --json
expect_rc 0 "check --json"
expect_eq "integrity ok, no cipher faults, audit chain without a fault" '[["ok"], [], null]' \
  "$(pyj '[d["integrity"], d["cipher_faults"], d["audit"]["first_fault"]]')"
expect_eq "the audit chain has rows and a head hash" true \
  "$(pyj 'd["audit"]["rows"] > 5 and bool(re.fullmatch(r"[0-9a-f]{64}", d["audit"]["head"]))')"

# ---------------------------------------------------------------------------- 12
section "12. wrong passphrase"
before="$(sha "$DB") $(sha "$DB-wal") $(sha "$DB-shm")"
YORISOI_PASSPHRASE='まちがった あいことば' wrun "$WINE" "$EXE" --db "$DB_WIN" person list
expect_rc 3 "a wrong passphrase"
expect_eq "the roster, its -wal and -shm are byte-identical (sha256)" "$before" \
  "$(sha "$DB") $(sha "$DB-wal") $(sha "$DB-shm")"
expect_lacks "the message does not repeat the passphrase" "$OUT$ERR" "まちがった"

# ---------------------------------------------------------------------------- 13
section "13. a roster on a network location is refused (NEW)"
expect_says_network() {
  if grep -qiE 'network|ネットワーク' <<<"$ERR"; then
    pass "... the message says it is a network location"
  else
    fail "... the message says it is a network location" "$(said)"
  fi
}
y --db '\\server\share\r.db' init
expect_rc 5 "--db \\\\server\\share\\r.db init"
expect_says_network
wrun "$WINE" "$HELPERS/drivetype.exe" 'N:\'
if [[ $OUT == *remote* ]]; then
  pass "Wine reports N: as a network drive (GetDriveTypeW: $OUT)"
else
  fail "Wine reports N: as a network drive" "GetDriveTypeW: $OUT $ERR"
fi
y --db 'N:\r.db' init
expect_rc 5 "--db N:\\r.db init (a mapped network drive)"
expect_says_network
expect_eq "... and nothing was created on N:" "" "$(ls -A "$NETDIR")"

# ---------------------------------------------------------------------------- 14
section "14. output files are readable by their owner only (NEW)"
# Does this Wine keep a file's DACL? (Upstream Wine 8 does not: it makes one up from the
# Unix mode; storing it in the xattr user.wine.sd is a wine-staging patch.)
wrun "$WINE" "$HELPERS/aclshow.exe" --probe "$RDIR_WIN\\probe.txt"
persisted=$(sed -n 's/^persisted=//p' <<<"$OUT")
probe_dacl=$(sed -n 's/^dacl=//p' <<<"$OUT")
probe_mode=$(stat -c %a "$RDIR/probe.txt" 2>/dev/null || echo '?')
ACL_FILES=("list.pdf|the simple list PDF" "名簿出力.csv|the export" "town.db|the roster")
if [[ $persisted == yes ]]; then
  for entry in "${ACL_FILES[@]}"; do
    file=${entry%%|*} what=${entry#*|}
    wrun "$WINE" "$HELPERS/aclshow.exe" "$RDIR_WIN\\$file"
    dacl=$(sed -n 's/^dacl=//p' <<<"$OUT")
    if [[ $dacl =~ ^D:P[A-Z]*\(A\;[A-Z]*\;FA\;\;\;$WSID\)$ ]]; then
      pass "$what: protected DACL, one ACE, full access for $WSID ($dacl)"
    else
      fail "$what: protected DACL with one ACE, full access for the user" \
        "expected: D:P(A;;FA;;;$WSID)" "got:      $dacl $ERR"
    fi
  done
else
  skip "the DACL check (D:P, exactly one ACE: full access for $WSID) of the list, the export and the roster" \
    "this Wine keeps no security descriptor for files: one created with D:P(A;;FA;;;$WSID)" \
    "reads back as ${probe_dacl:-?}, made up from the Unix mode ($probe_mode) Wine chose for it." \
    "Upstream Wine 8 cannot store it (the user.wine.sd xattr is a wine-staging patch; this" \
    "file system has xattrs). The exact DACL can only be checked on Windows."
  # What Wine does keep: a file created with a descriptor (CreateFileW + SECURITY_ATTRIBUTES)
  # gets a Unix mode from it, without access for others when the DACL names only the user;
  # a file created without one gets 0777 & umask. So for the files the app creates itself
  # the mode shows whether it asked for owner-only access.
  for entry in "${ACL_FILES[@]:0:2}"; do
    file=${entry%%|*} what=${entry#*|}
    mode=$(stat -c %a "$RDIR/$file" 2>/dev/null || echo missing)
    if [[ $mode != missing && $((8#$mode & 7)) == 0 ]]; then
      pass "$what was created owner-only (proxy under Wine: Unix mode $mode, which Wine derived from its DACL)"
    else
      wrun "$WINE" "$HELPERS/aclshow.exe" "$RDIR_WIN\\$file"
      fail "$what was created owner-only (proxy under Wine: no access for others in the Unix mode Wine derived from its DACL)" \
        "expected a mode without access for others, like the probe's $probe_mode" \
        "got: mode $mode, DACL as Wine shows it: ${OUT#dacl=}"
    fi
  done
  skip "the roster's proxy check" \
    "SQLite creates the roster file and the app restricts it afterwards (SetNamedSecurityInfoW);" \
    "Wine 8 turns such a DACL into mode 775 (measured), so its mode tells nothing here."
fi

# ---------------------------------------------------------------------------- 15
section "15. the default roster is in the LOCAL app-data folder (NEW)"
LOCAL_DB=$PROFILE/AppData/Local/Yorisoi/Yorisoi/data/roster.db
ROAMING_DB=$PROFILE/AppData/Roaming/Yorisoi/Yorisoi/data/roster.db
y init
expect_rc 0 "init without --db or YORISOI_DB"
if [[ -f $LOCAL_DB ]]; then
  pass "the roster is at ${LOCAL_DB#"$PROFILE"/}"
else
  fail "the roster is at ${LOCAL_DB#"$PROFILE"/}" "no such file; $(said)" \
    "roster.db files in the profile: $(cd "$PROFILE" && find . -name roster.db | paste -sd' ')"
fi
if [[ -e $ROAMING_DB ]]; then
  fail "nothing under AppData/Roaming" "${ROAMING_DB#"$PROFILE"/} exists"
else
  pass "nothing under AppData/Roaming"
fi

# ---------------------------------------------------------------------------- 16
section "16. the audit operator is the Windows account, not an environment variable (NEW)"
# Wine makes its Windows account name (GetUserNameW) from the Unix $USER, so the
# variables are spoofed inside Windows, by cmd, for the program it starts.
mkdir -p "$WINEPREFIX/drive_c/yorisoi-test"
printf '@echo off\r\nset USER=spoofed\r\nset USERNAME=spoofed\r\nset YORISOI_OPERATOR=\r\n%%*\r\n' \
  >"$WINEPREFIX/drive_c/yorisoi-test/spoofed.bat"
SPOOF='C:\yorisoi-test\spoofed.bat'
wrun env -u YORISOI_OPERATOR "$WINE" cmd /c "$SPOOF" 'Z:'"${HELPERS//\//\\}"'\aclshow.exe' --user
ACCOUNT=$(sed -n 's/^name=//p' <<<"$OUT")
if [[ -n $ACCOUNT && $ACCOUNT != spoofed ]]; then
  pass "with USER and USERNAME spoofed, GetUserNameW still says '$ACCOUNT'"
else
  fail "with USER and USERNAME spoofed, GetUserNameW still says the account's name" "got: '$ACCOUNT' $ERR"
fi
wrun env -u YORISOI_OPERATOR YORISOI_PASSPHRASE="$PASS" "$WINE" cmd /c "$SPOOF" "$EXE" --db "$DB_WIN" person show "$HANA"
expect_rc 0 "person show $HANA with USER=spoofed USERNAME=spoofed and no operator given"
y --db "$DB_WIN" audit list --limit 10 --json
expect_eq "audit list: the person.view row's operator is the Windows account" "$ACCOUNT" \
  "$(pyj "next((e['operator'] for e in d if e['action'] == 'person.view' and e['entity_id'] == $HANA), 'no person.view row')")"
expect_eq "audit list: ... and the row names the account that unlocked" "$YORISOI_ACCOUNT" \
  "$(pyj "next((e['account'] for e in d if e['action'] == 'person.view' and e['entity_id'] == $HANA), 'no person.view row')")"

# ---------------------------------------------------------------------------- end
section "summary"
if ((SKIPPED)); then
  printf '%s skipped:\n' "$SKIPPED"
  printf '  %s\n' "${SKIPS[@]}"
fi
echo "took $((SECONDS - STARTED)) s"
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
