#!/usr/bin/env bash
# Text-path benchmark: converts N copies of the sample (made here) with
# --jobs 1 and --jobs 2 and prints MB/s and records/s for each, beside
# `wc -l` over the same files as a read-the-bytes reference; then, with
# --jobs 1, each output format alone (jsonl, json, csv, xlsx), `-o -`, and
# the SQLite corpus (--db, a fresh file each run), whose indicator rows/s
# are counted over the time it adds to the jsonl run.
# Usage: bench/text.sh [COPIES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-400}
runs=${2:-5}
work=bench/work/text
cargo build --release --quiet
rm -rf "$work" && mkdir -p "$work/in"
# Each copy ends in its own number of blank lines: distinct contents (the
# corpus stores identical bytes once) and the same records.
python3 - "$copies" "$work/in" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
sample = open("samples/ningxia-yingji-2025.txt", "rb").read()
for i in range(1, n + 1):
    open(f"{out}/dept-{i:04}.txt", "wb").write(sample + b"\n" * i)
PY
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
for fmt in jsonl json csv xlsx; do
  t=$(time_cmd ./target/release/jixiao convert -q --jobs 1 --format "$fmt" -o "$work/fmt-$fmt" "$work/in")
  python3 -c "print(f'--jobs 1 --format $fmt: {$t:.3f} s, {$mb/$t:.1f} MB/s')"
  [ "$fmt" = jsonl ] && t_jsonl=$t
done
t=$(time_cmd sh -c "./target/release/jixiao convert -q --jobs 1 -o - $work/in > /dev/null")
python3 -c "print(f'--jobs 1 -o - (stdout): {$t:.3f} s, {$mb/$t:.1f} MB/s')"
rm -f "$work/corpus.sqlite"*
t=$(time_cmd sh -c "rm -f $work/corpus.sqlite*; ./target/release/jixiao convert -q --jobs 1 --format jsonl --db $work/corpus.sqlite -o $work/db-out $work/in")
rows=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/corpus.sqlite').execute('select count(*) from indicators').fetchone()[0])")
docs=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/corpus.sqlite').execute('select count(*) from documents').fetchone()[0])")
python3 -c "extra=$t-$t_jsonl; print(f'--jobs 1 --format jsonl --db (fresh corpus): {$t:.3f} s, {$mb/$t:.1f} MB/s; {$rows} indicator rows of {$docs} documents; corpus adds {extra:.3f} s = {$rows/max(extra,1e-9):,.0f} indicator rows/s')"
t=$(time_cmd ./target/release/jixiao convert -q --jobs 1 --format jsonl --db "$work/corpus.sqlite" -o "$work/db-out" "$work/in")
python3 -c "print(f'--db rerun (all unchanged, records read back): {$t:.3f} s, {$mb/$t:.1f} MB/s')"
