#!/usr/bin/env bash
# Runs every fuzz target coverage-guided under libFuzzer (cargo-fuzz on the
# stable toolchain, with RUSTC_BOOTSTRAP=1) for SECONDS each (default 60)
# or RUNS executions, whichever ends first, starting from fuzz/corpus, and
# prints a table of executions per target. Inputs that found new coverage
# are then merged (minimized) into fuzz/corpus. Installs cargo-fuzz when
# missing.
#
#   fuzz/run.sh [SECONDS] [RUNS]          e.g. fuzz/run.sh 1800 1000000
#
# A crash leaves its input in fuzz/artifacts/{target}/ and stops the run;
# copy it into fuzz/corpus/{target}/ so the test suite replays it.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
runs=${2:-1000000}
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
targets=(decode host_call export_result records c_header)
cargo fuzz build --sanitizer none --release
printf '%-14s %12s %8s %s\n' target executions seconds result
for target in "${targets[@]}"; do
    log=$(mktemp)
    start=$(date +%s)
    status=ok
    # New inputs go to work/ (the first directory); the checked-in corpus seeds the run.
    mkdir -p "work/$target"
    cargo fuzz run --sanitizer none --release "$target" "work/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -runs="$runs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        >"$log" 2>&1 || status=CRASH
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    printf '%-14s %12s %8s %s\n' "$target" "$execs" "$(( $(date +%s) - start ))" "$status"
    if [ "$status" != ok ]; then tail -40 "$log"; fi
    rm -f "$log"
    cargo fuzz run --sanitizer none --release "$target" "corpus/$target" "work/$target" -- -merge=1 >/dev/null 2>&1 || true
done
