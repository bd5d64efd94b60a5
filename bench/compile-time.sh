#!/usr/bin/env bash
# Compile time of one API of 50 functions (bench/compile-time/generate.py says
# which), declared once with wasmbind and written by hand, host and plugin
# each built from scratch in its own target directory, then rebuilt after an
# edit of the crates a user writes. Prints a Markdown table (wall and CPU
# seconds) and runs both hosts against their plugins, which call all 50
# functions and check every result.
#
#   bench/compile-time.sh [OUT_DIR]      (default target/compile-time; takes ~6 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/compile-time}
rm -rf "$out"
python3 bench/compile-time/generate.py "$out" runtime
export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=line-tables-only
TIMEFORMAT='%R %U %S'
secs() { # wall and CPU (user + system) seconds of a command, as "12.3 (CPU 20.1)"
  local t
  t=$({ time "$@" >/dev/null 2>&1; } 2>&1) || { echo "failed: $*" >&2; "$@"; exit 1; }
  read -r wall user sys <<<"$t"
  printf '%.1f (CPU %.1f)' "$wall" "$(echo "$user + $sys" | bc -l)"
}
declare -A row
for side in wasmbind hand; do
  dir=$out/$side
  cp Cargo.lock "$dir/Cargo.lock" # the same versions as the workspace's
  host=ct-host plugin=ct-plugin edits=("$dir/api/src/lib.rs")
  [ "$side" = hand ] && host=ct-hand-host plugin=ct-hand-plugin edits=("$dir/host/src/main.rs" "$dir/plugin/src/lib.rs")
  build_host=(cargo build --manifest-path "$dir/Cargo.toml" -p "$host")
  build_plugin=(cargo build --manifest-path "$dir/Cargo.toml" -p "$plugin" --target wasm32-unknown-unknown)
  row[$side host]=$(secs "${build_host[@]}")
  row[$side plugin]=$(secs "${build_plugin[@]}")
  touch "${edits[@]}"
  row[$side host edit]=$(secs "${build_host[@]}")
  row[$side plugin edit]=$(secs "${build_plugin[@]}")
  row[$side lines]=$(cat "$dir"/*/src/*.rs | wc -l)
  "$dir/target/debug/$host" "$dir/target/wasm32-unknown-unknown/debug/${plugin//-/_}.wasm" >&2
done
ratio() { echo "${row[wasmbind $1]%% *} / ${row[hand $1]%% *}" | bc -l | xargs printf '%.2f'; }
echo "| build (debug, seconds) | wasmbind | hand-written | wall ratio |"
echo "|---|---:|---:|---:|"
echo "| host from scratch | ${row[wasmbind host]} | ${row[hand host]} | $(ratio host) |"
echo "| plugin from scratch (wasm32-unknown-unknown) | ${row[wasmbind plugin]} | ${row[hand plugin]} | $(ratio plugin) |"
echo "| host after an edit of the user's crates | ${row[wasmbind host edit]} | ${row[hand host edit]} | $(ratio 'host edit') |"
echo "| plugin after an edit of the user's crates | ${row[wasmbind plugin edit]} | ${row[hand plugin edit]} | $(ratio 'plugin edit') |"
echo
echo "Lines the user writes: wasmbind ${row[wasmbind lines]} (API, host, plugin), hand-written ${row[hand lines]} (host, plugin)."
