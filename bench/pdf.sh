#!/usr/bin/env bash
# PDF benchmark: at least 1,000 pages made from the committed fixtures
# (copies of both), converted by jixiao (tables rebuilt, records written)
# with --jobs 1 and --jobs 2, against pdftotext (poppler-utils) over the
# same files, and pdfplumber's extract_tables over a subset (it is slow).
# Prints pages/s and peak memory (max RSS, /usr/bin/time) for each, and
# jixiao's peak memory at 1x and 4x the number of files (flat or not).
# Usage: bench/pdf.sh [COPIES_OF_EACH_FIXTURE] [PLUMBER_COPIES]
# Needs: poppler-utils (pdftotext), python3 -m pip install pdfplumber.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-16}
plumber_copies=${2:-1}
work=bench/work/pdf
cargo build --release --quiet
command -v pdftotext >/dev/null || apt-get install -y poppler-utils >/dev/null
python3 -c "import pdfplumber" 2>/dev/null || python3 -m pip install -q pdfplumber
rm -rf "$work" && mkdir -p "$work/in" "$work/in4" "$work/plumber"
pages_of() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
total=0
for f in tests/fixtures/pdf/*.pdf; do
  n=$(pages_of "$f")
  stem=$(basename "$f" .pdf)
  for i in $(seq -w 1 "$copies"); do cp "$f" "$work/in/$stem-$i.pdf"; total=$((total + n)); done
  for i in $(seq -w 1 $((copies * 4))); do cp "$f" "$work/in4/$stem-$i.pdf"; done
  for i in $(seq -w 1 "$plumber_copies"); do cp "$f" "$work/plumber/$stem-$i.pdf"; done
done
plumber_pages=0
for f in "$work"/plumber/*.pdf; do plumber_pages=$((plumber_pages + $(pages_of "$f"))); done
echo "inputs: $(ls "$work/in" | wc -l) files, $total pages (pdfplumber: $plumber_pages pages)"

# run NAME PAGES CMD...: wall seconds and max RSS of one run.
run() {
  local name=$1 pages=$2; shift 2
  local t0 t1 rss
  t0=$(date +%s.%N)
  /usr/bin/time -o "$work/rss" -f "%M" "$@" >/dev/null 2>&1 || true
  rss=$(tail -1 "$work/rss")
  t1=$(date +%s.%N)
  python3 -c "t=$t1-$t0; print(f'{\"$name\":<34} {t:8.2f} s {$pages/t:9.1f} pages/s  peak {$rss/1024:7.1f} MiB')"
}
pdftotext_all() { for f in "$1"/*.pdf; do pdftotext -q "$f" /dev/null; done; }
export -f pdftotext_all
run "pdftotext (sequential)" "$total" bash -c "pdftotext_all $work/in"
run "jixiao --jobs 1" "$total" ./target/release/jixiao convert -q --jobs 1 -o "$work/out1" "$work/in"
run "jixiao --jobs 2" "$total" ./target/release/jixiao convert -q --jobs 2 -o "$work/out2" "$work/in"
run "jixiao --jobs 2, 4x the files" "$((total * 4))" ./target/release/jixiao convert -q --jobs 2 -o "$work/out4" "$work/in4"
cat > "$work/plumber.py" <<'PY'
import sys, glob, pdfplumber
for f in sorted(glob.glob(sys.argv[1] + "/*.pdf")):
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            page.extract_tables()
PY
run "pdfplumber extract_tables" "$plumber_pages" python3 "$work/plumber.py" "$work/plumber"
echo "records: $(wc -l < "$work/out1/records.jsonl") (jobs 1), $(wc -l < "$work/out2/records.jsonl") (jobs 2)"
