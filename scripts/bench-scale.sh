#!/usr/bin/env bash
# City-scale timings, run by hand (never part of .ci/run): a 500,000-person demo roster,
# then a 500,000-row Shift_JIS CSV imported into a new roster and imported again (every row
# matched and unchanged), each with its wall time and peak resident memory; and on the demo
# roster the whole-city share preview, the drill check sheets of every district and the board.
#
#   bash scripts/bench-scale.sh [PERSONS]     (default 500000; ~15 minutes on 2 cores)
#
# Everything is synthetic and goes into a private temporary folder that is removed at the
# end. The figures are printed as one table to paste into README "性能 / Benchmarks".
set -euo pipefail

persons="${1:-500000}"
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

# YORISOI_BIN: a release binary built before (to time one build against another).
if [ -n "${YORISOI_BIN:-}" ]; then
    bin="$YORISOI_BIN"
else
    cargo build --release --quiet -p yorisoi --bin yorisoi
    bin="${CARGO_TARGET_DIR:-$here/target}/release/yorisoi"
fi

work="$(mktemp -d)"
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

export YORISOI_PASSPHRASE='city scale benchmark passphrase 2026'
export YORISOI_ACCOUNT=bench

# Runs "$@", prints "label<TAB>seconds<TAB>peak MB".
timed() {
    local label="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
        cat "$work/err" >&2
        exit 1
    }
    read -r secs kb <"$work/time"
    printf '%s\t%s s\t%d MB\n' "$label" "$secs" "$((kb / 1024))"
}

echo "# $(date -u +%F) · $(nproc) cores · $persons people"
timed "demo --persons $persons" \
    "$bin" demo --db "$work/demo.db" --persons "$persons" --recovery-sheet "$work/demo-key.pdf"
ls -l "$work/demo.db" | awk '{printf "demo roster file\t%d MB\n", $5 / 1048576}'

# The whole city at once, on the demo roster: what one recipient would be given (the share
# preview, as text and as JSON), and a drill over every district with its check sheets
# printed (so everyone is on a sheet) and the live board read. Each command unlocks the
# roster first; "unlock alone" is that part, to subtract.
db=(--db "$work/demo.db")
timed "unlock alone (district list)" "$bin" district list "${db[@]}"
recipient="$("$bin" recipient list "${db[@]}" --json | python3 -c \
    'import json, sys; print(next(r["id"] for r in json.load(sys.stdin) if r["kind"] == "fire"))')"
timed "share preview, whole city, text" "$bin" share preview "${db[@]}" --recipient "$recipient"
wc -l <"$work/out" | awk '{printf "  (%d lines)\n", $1}'
timed "share preview, whole city, --json" "$bin" share preview "${db[@]}" --recipient "$recipient" --json
drill="$("$bin" drill new "${db[@]}" --name 全市訓練 --date 2026-11-22 --start 09:00 | sed -n 's/^drill \([0-9]*\):.*/\1/p')"
sheets_started=$(date +%s%N)
"$bin" district list "${db[@]}" --json | python3 -c \
    'import json, sys; print("\n".join(d["name"] for d in json.load(sys.stdin)))' |
    while read -r district; do
        "$bin" drill sheet "${db[@]}" "$drill" --district "$district" --recipient "$recipient" \
            --unlocked-reason bench --out "$work/sheet.pdf" >/dev/null
        rm -f "$work/sheet.pdf"
    done
elapsed_ms=$((($(date +%s%N) - sheets_started) / 1000000))
printf 'drill check sheets, every district\t%d.%d s\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
# The board as the window reads it: every district's counts, minutes and warnings, with the
# first 50 of each list (still unknown, not yet warned) and their totals; then a later page
# of one district, and the complete lists (what `drill status` prints without --limit).
timed "drill board (status --limit 50), everyone on the sheets" "$bin" drill status "${db[@]}" "$drill" --limit 50
timed "drill board (status --limit 50 --json)" "$bin" drill status "${db[@]}" "$drill" --limit 50 --json
first_district="$("$bin" district list "${db[@]}" --json | python3 -c \
    'import json, sys; print(json.load(sys.stdin)[0]["name"])')"
timed "drill board, one district, page at --offset 40000" "$bin" drill status "${db[@]}" "$drill" \
    --district "$first_district" --offset 40000 --limit 50 --json
timed "drill board, complete lists (status, no --limit)" "$bin" drill status "${db[@]}" "$drill"
wc -l <"$work/out" | awk '{printf "  (%d lines)\n", $1}'
timed "drill board, complete lists (status --json)" "$bin" drill status "${db[@]}" "$drill" --json

python3 scripts/extract.py "$persons" >"$work/extract.csv"
ls -l "$work/extract.csv" | awk '{printf "Shift_JIS extract\t%d MB\n", $5 / 1048576}'
"$bin" init --db "$work/import.db" --recovery-sheet "$work/import-key.pdf" >/dev/null
timed "import, new roster" "$bin" import --db "$work/import.db" "$work/extract.csv"
grep -E '^read ' "$work/out"
timed "import again (all unchanged)" "$bin" import --db "$work/import.db" "$work/extract.csv"
grep -E '^read ' "$work/out"
