#!/usr/bin/env bash
# Text-path benchmark: converts N copies of the sample (made here) with
# --jobs 1 and --jobs 2 and prints MB/s and records/s for each, beside
# `wc -l` over the same files as a read-the-bytes reference.
# Usage: bench/text.sh [COPIES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-400}
runs=${2:-5}
work=bench/work/text
cargo build --release --quiet
rm -rf "$work" && mkdir -p "$work/in"
for i in $(seq -w 1 "$copies"); do cp samples/ningxia-yingji-2025.txt "$work/in/dept-$i.txt"; done
bytes=$(cat "$work"/in/* | wc -c)
mb=$(python3 -c "print($bytes/1e6)")
echo "inputs: $copies copies, $mb MB"
median() { python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
time_cmd() {
  local ts=()
  for _ in $(seq 1 "$runs"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    ts+=("$(python3 -c "print($t1-$t0)")")
  done
  median "${ts[@]}"
}
ref=$(time_cmd sh -c "cat $work/in/* | wc -l")
echo "reference (cat | wc -l): $(python3 -c "print(f'{$ref:.3f} s, {$mb/$ref:.0f} MB/s')")"
for jobs in 1 2; do
  t=$(time_cmd ./target/release/jixiao convert -q --jobs "$jobs" -o "$work/out$jobs" "$work/in")
  recs=$(wc -l < "$work/out$jobs/records.jsonl")
  python3 -c "print(f'jixiao --jobs $jobs: {$t:.3f} s, {$mb/$t:.1f} MB/s, {$recs/$t:.0f} records/s ({$recs} records)')"
done
