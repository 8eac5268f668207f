#!/usr/bin/env bash
# Format readers benchmark: N copies of each format fixture
# (tests/fixtures/formats/) converted by jixiao (--jobs 1, the whole
# pipeline down to records), beside a Python reference that only reads the
# tables of the same files, measured in the same run (bench/formats_ref.py:
# pandas.read_html and BeautifulSoup for HTML, openpyxl and pandas.read_excel
# for XLSX, python-docx for DOCX, pandas for ODS/XLS, the csv module for CSV).
# Prints files/s and MB/s for each and jixiao's ratio to the reference.
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
printf '%-9s %6s %9s %9s   %-22s %9s %7s\n' format files "jixiao/s" "MB/s" reference "ref/s" ratio
for row in "${rows[@]}"; do
  IFS='|' read -r fmt file refs <<<"$row"
  ext="${file##*.}"
  mkdir -p "$work/$fmt/in"
  for i in $(seq -w 1 "$copies"); do cp "$fx/$file" "$work/$fmt/in/dept-$i.$ext"; done
  mb=$(python3 -c "import os; print(os.path.getsize('$fx/$file') * $copies / 1e6)")
  t0=$(date +%s.%N)
  ./target/release/jixiao convert -q --jobs 1 -o "$work/$fmt/out" "$work/$fmt/in" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  recs=$(wc -l < "$work/$fmt/out/records.jsonl")
  [ "$recs" -eq $((copies * 25)) ] || echo "  ! $fmt: $recs records, expected $((copies * 25))"
  t=$(python3 -c "print($t1 - $t0)")
  for ref in $refs; do
    read -r rt _cells < <("$PY" bench/formats_ref.py "$ref" "$work/$fmt/in")
    python3 -c "
t, rt, n, mb = $t, $rt, $copies, $mb
print(f'{\"$fmt\":<9} {n:>6} {n/t:>9.1f} {mb/t:>9.2f}   {\"$ref\":<22} {n/rt:>9.1f} {rt/t:>6.1f}x')"
  done
done
