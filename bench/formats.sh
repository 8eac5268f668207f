#!/usr/bin/env bash
# Format readers benchmark: N copies of each format fixture
# (tests/fixtures/formats/), each read three ways in the same run:
#
#   convert  `jixiao convert --jobs 1`: the whole pipeline down to records
#            (extraction, table reconstruction, layout, normalize, merge,
#            records.jsonl and one JSON file per input written);
#   tables   `jixiao tables --count --jobs 1`: reading the tables only
#            (extraction and table reconstruction, the grids built with
#            their spans), printing one count line per file: like for like
#            with the references;
#   ref      a Python reference that reads the tables of the same files
#            (bench/formats_ref.py: pandas.read_html and BeautifulSoup for
#            HTML, openpyxl and pandas.read_excel for XLSX, pandas for
#            ODS/XLS, python-docx for DOCX, the csv module for CSV).
#
# Both jixiao runs include process start-up once (a few ms for the batch)
# and are repeated RUNS times (default 5), the median CPU time kept (from
# the child's rusage, bench/cpu_of_run.py); each reference runs once
# (openpyxl alone takes over a minute for 50 files). On the shared 2-core
# machine CPU times of the same run still vary by 30 % or more from one
# run to the next (other work on the sibling core); the callgrind
# instruction counts in the README are the exact comparison.
# Prints files/s for each by CPU time (user+sys: the figure to read on a
# shared, loaded machine), wall files/s for the reference, jixiao's ratio to
# the reference for convert and for tables (CPU), and the table cells each
# read over all copies (jixiao: non-empty grid cells, a merged cell once;
# read_html and read_excel count every cell of their frames, spans
# repeated, read_html only the tables it parses; 0 means the reference
# failed).
# Usage: bench/formats.sh [COPIES] [RUNS]   (needs pandas lxml beautifulsoup4
# openpyxl python-docx odfpy xlrd; installs the missing ones with pip)
# JIXIAO_BIN=path times that binary instead of building this checkout
# (for before/after figures; it must know `tables --count`).
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-200}
runs=${2:-5}
work=bench/work/formats
PY="${PYTHON:-python3}"
for m in pandas:pandas lxml:lxml bs4:beautifulsoup4 openpyxl:openpyxl docx:python-docx odf:odfpy xlrd:xlrd; do
  "$PY" -c "import ${m%%:*}" 2>/dev/null || "$PY" -m pip install -q "${m#*:}"
done
[ -n "${JIXIAO_BIN:-}" ] || cargo build --release --quiet
rm -rf "$work" && mkdir -p "$work"
# A copy, so that a rebuild during the run does not change what is measured.
cp "${JIXIAO_BIN:-target/release/jixiao}" "$work/jixiao"
fx=tests/fixtures/formats

# format | fixture | reference kinds
rows=(
  "html|ningxia.html|read_html bs4"
  "html-gbk|ningxia-gbk.html|read_html bs4"
  "xlsx|ningxia.xlsx|openpyxl read_excel"
  "xls|ningxia.xls|read_excel"
  "ods|ningxia.ods|read_excel"
  "docx|ningxia.docx|docx"
  "csv|ningxia-utf8bom.csv|csv"
)
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
printf '%-9s %5s %6s %9s %9s   %-10s %8s %8s %8s %8s %13s\n' format files MB "convert/s" "tables/s" reference "ref/s" "ref cpu/s" "convert x" "tables x" "cells j/ref"
for row in "${rows[@]}"; do
  IFS='|' read -r fmt file refs <<<"$row"
  ext="${file##*.}"
  mkdir -p "$work/$fmt/in"
  for i in $(seq -w 1 "$copies"); do cp "$fx/$file" "$work/$fmt/in/dept-$i.$ext"; done
  mb=$(python3 -c "import os; print(os.path.getsize('$fx/$file') * $copies / 1e6)")
  cpus=() tcpus=()
  for run in $(seq 1 "$runs"); do
    rm -rf "$work/$fmt/out"
    cpus+=("$("$PY" bench/cpu_of_run.py /dev/null "$work/jixiao" convert -q --jobs 1 \
        -o "$work/$fmt/out" "$work/$fmt/in")")
    tcpus+=("$("$PY" bench/cpu_of_run.py "$work/$fmt/tables.txt" "$work/jixiao" tables \
        --count -q --jobs 1 "$work/$fmt/in")")
  done
  cpu=$(median "${cpus[@]}")
  tcpu=$(median "${tcpus[@]}")
  recs=$(wc -l < "$work/$fmt/out/records.jsonl")
  [ "$recs" -eq $((copies * 25)) ] || echo "  ! $fmt: $recs records, expected $((copies * 25))"
  jcells=$(tail -1 "$work/$fmt/tables.txt" | cut -d' ' -f2)
  for ref in $refs; do
    read -r rt rc cells < <("$PY" bench/formats_ref.py "$ref" "$work/$fmt/in")
    python3 -c "
c, tc, rt, rc, n, mb = $cpu, $tcpu, $rt, $rc, $copies, $mb
print(f'{\"$fmt\":<9} {n:>5} {mb:>6.1f} {n/c:>9.1f} {n/tc:>9.1f}   {\"$ref\":<10} {n/rt:>8.1f} {n/rc:>8.1f} {rc/c:>8.1f}x {rc/tc:>7.1f}x {\"$jcells/$cells\":>13}')"
  done
done
