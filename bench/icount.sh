#!/usr/bin/env bash
# Instructions per call, wasmbind vs hand-written, counted by callgrind:
# repeatable to the instruction on a machine too noisy for wall-clock
# ratios. Usage: bench/icount.sh [WORKLOAD ...]   (needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p wasmbind-bench --example icount
bin=target/release/examples/icount
# The plugins' compiled code is kept between runs (written under valgrind,
# whose CPU features differ from the machine's), so no count includes
# compiling them: one warm-up run per side writes it.
export WASMBIND_BENCH_CACHE=target/icount-cache
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
per_call() { # workload side n
  local zero many
  zero=$(count "$1" "$2" 0)
  many=$(count "$1" "$2" "$3")
  echo $(((many - zero) / $3))
}
for side in wasmbind baseline; do count add "$side" 0 >/dev/null; done
echo "| workload | wasmbind | hand-written | ratio |"
echo "|---|---:|---:|---:|"
for w in "${@:-add log log_cx echo16 echo1k get point_add shift peer instantiate}"; do
  for one in $w; do
    n=4000; [ "$one" = instantiate ] && n=400
    wb=$(per_call "$one" wasmbind $n)
    base=$(per_call "$one" baseline $n)
    printf "| %s | %d | %d | %.2f |\n" "$one" "$wb" "$base" "$(echo "$wb / $base" | bc -l)"
  done
done
