#!/usr/bin/env bash
# Instructions per call, wasmbind vs hand-written, counted by callgrind:
# repeatable to the instruction on a machine too noisy for wall-clock
# ratios. Needs valgrind. A third column counts the same call through the
# component model (wasmtime's `bindgen!`, a wit-bindgen plugin), with how many
# times wasmbind's count it is; it has no `peer` or `async_log` row.
#
#   bench/icount.sh [WORKLOAD ...]   print the table (every workload by default)
#   bench/icount.sh --check          the table for every row of bench/icount-ceilings,
#                                    failing when a row is above its ceiling (CI runs this)
set -euo pipefail
cd "$(dirname "$0")/.."
ceilings=bench/icount-ceilings
check=false
if [ "${1:-}" = --check ]; then
  check=true
  shift
  set -- "$(awk '!/^#/ && NF { printf "%s ", $1 }' "$ceilings")"
fi
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
for side in wasmbind baseline component; do count add "$side" 0 >/dev/null; done
# A ceiling holds the wasmbind count with a slack of 1% (at least 2
# instructions: a row moves by one between runs, from the integer division
# above). The ceilings were counted beside the hand-written counts in the same
# file; on a machine whose hand-written count differs by more than the slack
# (another CPU makes valgrind pick other library routines), the check is on
# the ratio instead, so the gate means the same thing everywhere.
# A row may name its own slack in percent (a fourth column): instantiate
# moves by up to 1.5% between runs of the same binary.
slack() { # count [percent]
  local pct=${2:-1}
  echo $((($1 * pct + 99) / 100 > 2 ? ($1 * pct + 99) / 100 : 2))
}
failed=()
echo "| workload | wasmbind | hand-written | ratio | component model | component / wasmbind |$($check && echo ' ceiling |')"
echo "|---|---:|---:|---:|---:|---:|$($check && echo '---:|')"
for w in "${@:-add log log_cx echo16 echo1k get point_add shift peer instantiate first_call async_log}"; do
  for one in $w; do
    n=4000; case $one in instantiate | first_call) n=400 ;; esac
    wb=$(per_call "$one" wasmbind $n)
    base=$(per_call "$one" baseline $n)
    row=$(printf "| %s | %d | %d | %.2f |" "$one" "$wb" "$base" "$(echo "$wb / $base" | bc -l)")
    case $one in
      peer | async_log) row+=" – | – |" ;;
      *)
        cm=$(per_call "$one" component $n)
        row+=$(printf " %d | %.1f |" "$cm" "$(echo "$cm / $wb" | bc -l)")
        ;;
    esac
    if $check; then
      read -r ceiling recorded_base pct < <(awk -v w="$one" '$1 == w { print $2, $3, ($4 == "" ? 1 : $4) }' "$ceilings")
      row+=" $ceiling |"
      if ((base - recorded_base <= $(slack "$recorded_base") && recorded_base - base <= $(slack "$recorded_base"))); then
        limit=$((ceiling + $(slack "$ceiling" "$pct")))
      else # the same ratio as the ceiling's, on this machine's hand-written count
        limit=$(((ceiling * base + recorded_base - 1) / recorded_base + $(slack "$ceiling" "$pct")))
        row+=" (hand-written was $recorded_base where the ceiling was counted: ratio check)"
      fi
      ((wb <= limit)) || failed+=("$one: $wb instructions per call, above its ceiling $ceiling (limit $limit with the slack)")
    fi
    echo "$row"
  done
done
if ((${#failed[@]})); then
  printf 'icount: %s\n' "${failed[@]}" >&2
  echo "icount: a change that raises a row says why in its commit and raises the row in $ceilings" >&2
  exit 1
fi
