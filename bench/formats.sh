#!/usr/bin/env bash
# Format readers benchmark: N copies of each format fixture
# (tests/fixtures/formats/) converted by jixiao (--jobs 1, the whole
# pipeline down to records), beside a Python reference that only reads the
# tables of the same files, measured in the same run (bench/formats_ref.py:
# pandas.read_html and BeautifulSoup for HTML, openpyxl and pandas.read_excel
# for XLSX, python-docx for DOCX, pandas for ODS/XLS, the csv module for CSV).
# Prints files/s for each and jixiao's ratio to the reference, by wall time
# and by CPU time (user+sys: the fairer figure on a shared, loaded machine),
# and the number of table cells the reference read (0 means it failed).
# Usage: bench/formats.sh [COPIES]   (needs pandas lxml beautifulsoup4
# openpyxl python-docx odfpy xlrd; installs the missing ones with pip)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-200}
work=bench/work/formats
PY="${PYTHON:-python3}"
for m in pandas:pandas lxml:lxml bs4:beautifulsoup4 openpyxl:openpyxl docx:python-docx odf:odfpy xlrd:xlrd; do
  "$PY" -c "import ${m%%:*}" 2>/dev/null || "$PY" -m pip install -q "${m#*:}"
done
cargo build --release --quiet
rm -rf "$work" && mkdir -p "$work"
# A copy, so that a rebuild during the run does not change what is measured.
cp target/release/jixiao "$work/jixiao"
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
printf '%-9s %6s %7s %9s %9s   %-11s %8s %8s %7s %7s %6s\n' format files MB "jixiao/s" "cpu f/s" reference "ref/s" "cpu f/s" "wall x" "cpu x" cells
for row in "${rows[@]}"; do
  IFS='|' read -r fmt file refs <<<"$row"
  ext="${file##*.}"
  mkdir -p "$work/$fmt/in"
  for i in $(seq -w 1 "$copies"); do cp "$fx/$file" "$work/$fmt/in/dept-$i.$ext"; done
  mb=$(python3 -c "import os; print(os.path.getsize('$fx/$file') * $copies / 1e6)")
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/$fmt/cpu" "$work/jixiao" convert -q --jobs 1 \
      -o "$work/$fmt/out" "$work/$fmt/in" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  cpu=$(python3 -c "u, s = open('$work/$fmt/cpu').read().split()[-2:]; print(float(u) + float(s))")
  recs=$(wc -l < "$work/$fmt/out/records.jsonl")
  [ "$recs" -eq $((copies * 25)) ] || echo "  ! $fmt: $recs records, expected $((copies * 25))"
  t=$(python3 -c "print($t1 - $t0)")
  for ref in $refs; do
    read -r rt rc cells < <("$PY" bench/formats_ref.py "$ref" "$work/$fmt/in")
    python3 -c "
t, c, rt, rc, n, mb = $t, $cpu, $rt, $rc, $copies, $mb
print(f'{\"$fmt\":<9} {n:>6} {mb:>7.1f} {n/t:>9.1f} {n/c:>9.1f}   {\"$ref\":<11} {n/rt:>8.1f} {n/rc:>8.1f} {rt/t:>6.1f}x {rc/c:>6.1f}x {$cells:>6}')"
  done
done
