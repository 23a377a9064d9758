#!/usr/bin/env bash
# Fuzzes the readers of untrusted input for a short, fixed time each (part of
# scripts/test.sh): the CSV reader, the XLSX reader and the person document
# (fuzz/fuzz_targets/). A crash, panic, timeout or memory blow-up fails the script and
# leaves the input that caused it under $TARGET_DIR/artifacts/TARGET/.
#
# The fuzz build keeps its own target folder (default /var/cache/yorisoi/target-fuzz, or
# $YORISOI_FUZZ_TARGET_DIR), reused by later runs on the same machine. The committed seed
# corpus (fuzz/corpus/TARGET) is only read: what the fuzzer finds goes to a scratch folder
# that is removed afterwards, so a CI run never changes the clone.
#
#   YORISOI_FUZZ_SECONDS=600 bash scripts/fuzz.sh        # longer, locally
#   YORISOI_FUZZ_TARGETS="xlsx" bash scripts/fuzz.sh     # one target
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_EACH=${YORISOI_FUZZ_SECONDS:-60}
TARGETS=${YORISOI_FUZZ_TARGETS:-"csv xlsx person"}
TARGET_DIR=${YORISOI_FUZZ_TARGET_DIR:-/var/cache/yorisoi/target-fuzz}
# No sanitizer by default: the readers are safe Rust, so what the fuzzer can find is a panic,
# an overflow, a hang or a memory blow-up, which libFuzzer catches by itself; and it keeps
# the build within the CI budget. YORISOI_FUZZ_SANITIZER=address adds Address Sanitizer
# (SQLCipher's C code, linked in but never called here, trips its ODR check: switched off).
SANITIZER=${YORISOI_FUZZ_SANITIZER:-none}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_odr_violation=0}

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p "$TARGET_DIR"

started=$(date +%s)
# -a: debug assertions and overflow checks, as in the test build.
cargo +nightly fuzz build --fuzz-dir fuzz --target-dir "$TARGET_DIR" -a -s "$SANITIZER"
echo "== fuzz build took $(($(date +%s) - started)) s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in $TARGETS; do
  mkdir -p "$scratch/$target" "$TARGET_DIR/artifacts/$target"
  echo "== fuzz $target for $SECONDS_EACH s"
  # The first folder receives new inputs; the committed corpus after it is only read.
  cargo +nightly fuzz run --fuzz-dir fuzz --target-dir "$TARGET_DIR" -a -s "$SANITIZER" \
    "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -artifact_prefix="$TARGET_DIR/artifacts/$target/" -print_final_stats=1 || {
    echo "fuzz $target failed: the input is in $TARGET_DIR/artifacts/$target/;" \
      "replay it with: cargo +nightly fuzz run --fuzz-dir fuzz $target FILE" >&2
    exit 1
  }
done
echo "== fuzzing took $(($(date +%s) - started)) s"
