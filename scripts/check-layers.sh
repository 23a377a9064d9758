#!/usr/bin/env bash
# Keeps the core's layers apart (docs/ARCHITECTURE.md):
#   1. the pure rooms (model, policy, priority, print, io, geo) use no storage, no use-case room
#      and no SQLite;
#   2. the persistence room (store) lays out no page and reads no file format (print, io),
#      and knows none of the use-case rooms above it;
#   3. the use-case rooms (backups, printing, drill, intake, worklists, sharing, records, export, map,
#      commissions, shelters)
#      run no SQL themselves: no rusqlite, no statement methods, no SQL text — they call
#      the store's aggregate modules.
# grep-level on purpose: it reads every line of every file, comments included, so a
# violation cannot hide behind a formatting trick that still compiles.
#
# Usage: check-layers.sh [SRC_DIR]        (default: src)
#        check-layers.sh --self-test      (proves each rule fails on a planted violation)
set -euo pipefail
cd "$(dirname "$0")/.."

pure_rooms=(model policy priority print io geo)
use_case_rooms=(accounts backups printing drill intake worklists sharing records export map commissions shelters)

# Files of a room: the folder, or the single-file module.
room_files() {
  local src=$1 room=$2
  [[ -d $src/$room ]] && find "$src/$room" -name '*.rs'
  [[ -f $src/$room.rs ]] && echo "$src/$room.rs"
  return 0
}

# Prints "file:line: text" for lines of the given files matching an extended regex.
matches() {
  local regex=$1
  shift
  (($# == 0)) && return 0
  grep -nHE -- "$regex" "$@" || true
}

# Reports `found` (matching lines) under `message`; counts a fault when there is any.
flag() {
  local message=$1 found=$2
  [[ -z $found ]] && return 0
  echo "$message" >&2
  echo "$found" >&2
  faults=$((faults + 1))
}

check() {
  local src=$1 room
  faults=0
  local use_case_alt
  use_case_alt=$(IFS='|'; echo "${use_case_rooms[*]}")

  for room in "${pure_rooms[@]}"; do
    mapfile -t files < <(room_files "$src" "$room")
    flag "the pure room '$room' reaches storage, a use-case room or SQLite:" \
      "$(matches "crate::(store|demo|platform|$use_case_alt)\b|rusqlite" "${files[@]}")"
  done

  mapfile -t files < <(room_files "$src" store)
  flag "the persistence room 'store' imports printing, file formats or a use-case room:" \
    "$(matches "crate::(print|io|demo|$use_case_alt)\b" "${files[@]}")"

  # A statement method (called as a method or as `Connection::…`), rusqlite itself, the
  # store's SQL helpers, or SQL text: a string opening with a statement keyword (any
  # case), or a line of a multi-line string starting with one (upper case, as SQL is
  # written here, so that English prose does not trip it).
  local methods='prepare|prepare_cached|execute|execute_batch|query|query_row|query_map|query_and_then|exec|row|last_insert_rowid|pragma_update|pragma_query'
  local keywords='SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|PRAGMA|CREATE|DROP|ALTER'
  local sql="rusqlite|(\\.|Connection::|Transaction::)($methods)\\(|\\b(Cached|SqlContext|rows_by_id|id_list)\\b"
  sql+="|\"[[:space:]]*($keywords|${keywords,,})[[:space:]]|^[[:space:]]*($keywords)[[:space:]]+[a-z_*(]"
  for room in "${use_case_rooms[@]}"; do
    mapfile -t files < <(room_files "$src" "$room")
    flag "the use-case room '$room' runs SQL itself (move it into an aggregate module under store/):" \
      "$(matches "$sql" "${files[@]}")"
  done

  # Every connection is made through store/keying.rs `connect`, which first lets SQLite
  # and SQLCipher finish starting up (a first open racing that start-up cannot be keyed).
  mapfile -t files < <(find "$src" -name '*.rs' ! -path "$src/store/keying.rs")
  flag "a connection opened outside store/keying.rs (use keying::connect):" \
    "$(matches "Connection::open(_with_flags)?\\(" "${files[@]}")"
  return "$faults"
}

if [[ ${1:-} == --self-test ]]; then
  # Each planted violation must be caught, and the tree as it is must pass.
  check src
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  plant() {
    rm -rf "$tmp/src" && cp -r src "$tmp/src"
    printf '%s\n' "$2" >>"$tmp/src/$1"
    if check "$tmp/src" 2>/dev/null; then
      echo "check-layers missed a planted violation in $1: $2" >&2
      exit 1
    fi
  }
  plant store/persons/mod.rs 'use crate::print::page::Page;'
  plant store/audit.rs 'use crate::printing::Printed;'
  plant printing/list.rs 'fn f(c: &Connection) { let _ = c.execute("DELETE FROM persons", []); }'
  plant worklists/plans.rs 'const Q: &str = "SELECT id FROM persons";'
  plant drill/board.rs 'use rusqlite::OptionalExtension;'
  plant export.rs 'fn f(c: &Connection) { let _ = c.prepare_cached("x"); }'
  plant intake/review.rs 'fn f(c: &Connection) { let _ = Connection::execute(c, Q, []); }'
  plant records/mod.rs 'const Q: &str = "select id from persons";'
  plant sharing/mod.rs $'const Q: &str = "\n    SELECT id FROM persons";'
  plant print/list.rs 'use crate::store::Roster;'
  plant io/table.rs 'use rusqlite::Connection;'
  plant store/maintenance.rs 'fn f(p: &Path) { let _ = Connection::open(p); }'
  echo "check-layers: the tree passes and all 12 planted violations are caught"
  exit 0
fi

check "${1:-src}"
echo "check-layers: store, the pure rooms and the use-case rooms keep to their layers"
