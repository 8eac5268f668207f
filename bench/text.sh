#!/usr/bin/env bash
# Text-path benchmark: converts N copies of the sample (made here) and
# prints, for each run, the median wall time and the median CPU time
# (user + sys, from /usr/bin/time) with MB/s of input per CPU-second (the
# figure that holds on a shared machine) and per wall-second:
# --jobs 1 and --jobs 2 with the default outputs, then with --jobs 1 each
# output format alone (jsonl, json, csv, xlsx), `-o -`, and the SQLite
# corpus (--db, a fresh file each run), whose indicator rows/s are counted
# over the CPU time it adds to the jsonl run. Beside them, measured in the
# same run: `cat | wc -l` over the inputs (read-the-bytes reference) and
# Python writing the same records in each format from records.jsonl
# (bench/text_ref.py: json, csv, openpyxl, sqlite3).
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
echo "inputs: $copies copies, $mb MB; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# time_cmd CMD...: runs CMD $runs times; sets $wall and $cpu (medians, s).
time_cmd() {
  local ws=() cs=() f
  f=$(mktemp)
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$f" "$@" >/dev/null 2>&1 || true
    read -r w u s < <(tail -1 "$f")
    ws+=("$w")
    cs+=("$(python3 -c "print($u+$s)")")
  done
  rm -f "$f"
  wall=$(python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "${ws[@]}")
  cpu=$(python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "${cs[@]}")
}
rate() { python3 -c "print(f'{$wall:.3f} s wall, {$cpu:.3f} s CPU: {$mb/max($cpu,1e-9):.1f} MB/s per CPU-second, {$mb/$wall:.1f} MB/s wall')"; }
# ref KIND: Python writing the records of $work/fmt-jsonl in format KIND.
ref() {
  local ws=() cs=() n=0 w c
  for _ in $(seq 1 "$runs"); do
    read -r w c n < <(python3 bench/text_ref.py "$1" "$work/fmt-jsonl/records.jsonl" "$work/ref-$1")
    ws+=("$w"); cs+=("$c")
  done
  rwall=$(python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "${ws[@]}")
  rcpu=$(python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "${cs[@]}")
  rcount=$n
}
time_cmd sh -c "cat $work/in/* | wc -l"
echo "reference (cat | wc -l): $(rate)"
for jobs in 1 2; do
  time_cmd ./target/release/jixiao convert -q --jobs "$jobs" -o "$work/out$jobs" "$work/in"
  recs=$(wc -l < "$work/out$jobs/records.jsonl")
  echo "jixiao --jobs $jobs (jsonl,json): $(rate), $(python3 -c "print(f'{$recs/$wall:.0f} records/s wall ({$recs} records)')")"
done
for fmt in jsonl json csv xlsx; do
  time_cmd ./target/release/jixiao convert -q --jobs 1 --format "$fmt" -o "$work/fmt-$fmt" "$work/in"
  line="--jobs 1 --format $fmt: $(rate)"
  if [ "$fmt" = jsonl ]; then
    cpu_jsonl=$cpu
  else
    line="$line; the format adds $(python3 -c "print(f'{$cpu-$cpu_jsonl:.3f}')") s CPU to jsonl"
  fi
  if [ "$fmt" != xlsx ] || python3 -c "import openpyxl" 2>/dev/null; then
    ref "$fmt"
    line="$line | Python ($fmt from records.jsonl): $(python3 -c "print(f'{$rcpu:.3f} s CPU, {$rwall:.3f} s wall')")"
  fi
  echo "$line"
done
time_cmd sh -c "./target/release/jixiao convert -q --jobs 1 -o - $work/in > /dev/null"
echo "--jobs 1 -o - (stdout): $(rate)"
time_cmd sh -c "rm -f $work/corpus.sqlite*; ./target/release/jixiao convert -q --jobs 1 --format jsonl --db $work/corpus.sqlite -o $work/db-out $work/in"
rows=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/corpus.sqlite').execute('select count(*) from indicators').fetchone()[0])")
docs=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/corpus.sqlite').execute('select count(*) from documents').fetchone()[0])")
ref db
echo "--jobs 1 --format jsonl --db (fresh corpus): $(rate); $rows indicator rows of $docs documents; $(python3 -c "extra=$cpu-$cpu_jsonl; print(f'the corpus adds {extra:.3f} s CPU = {$rows/max(extra,1e-9):,.0f} indicator rows per CPU-second')") | Python sqlite3 executemany of the indicator rows alone: $(python3 -c "print(f'{$rcount} rows, {$rcpu:.3f} s CPU = {$rcount/max($rcpu,1e-9):,.0f} rows per CPU-second')")"
time_cmd ./target/release/jixiao convert -q --jobs 1 --format jsonl --db "$work/corpus.sqlite" -o "$work/db-out" "$work/in"
echo "--db rerun (all unchanged, records read back): $(rate)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
