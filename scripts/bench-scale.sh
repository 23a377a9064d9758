#!/usr/bin/env bash
# City-scale timings, run by hand (never part of .ci/run): a 500,000-person demo roster,
# then a 500,000-row Shift_JIS CSV imported into a new roster and imported again (every row
# matched and unchanged), each with its wall time and peak resident memory.
#
#   bash scripts/bench-scale.sh [PERSONS]     (default 500000; ~5 minutes on 2 cores)
#
# Everything is synthetic and goes into a private temporary folder that is removed at the
# end. The figures are printed as one table to paste into README "性能 / Benchmarks".
set -euo pipefail

persons="${1:-500000}"
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

cargo build --release --quiet -p yorisoi --bin yorisoi
bin="${CARGO_TARGET_DIR:-$here/target}/release/yorisoi"

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

python3 scripts/extract.py "$persons" >"$work/extract.csv"
ls -l "$work/extract.csv" | awk '{printf "Shift_JIS extract\t%d MB\n", $5 / 1048576}'
"$bin" init --db "$work/import.db" --recovery-sheet "$work/import-key.pdf" >/dev/null
timed "import, new roster" "$bin" import --db "$work/import.db" "$work/extract.csv"
grep -E '^read ' "$work/out"
timed "import again (all unchanged)" "$bin" import --db "$work/import.db" "$work/extract.csv"
grep -E '^read ' "$work/out"
