#!/usr/bin/env bash
# OCR benchmark: scanned copies of the sample PDF (clean and degraded, made by
# tests/fixtures/scan/make_scans.sh at 200 dpi) converted by jixiao, beside
# RapidOCR (Python, onnxruntime, the same PP-OCRv4 det/rec models, max side
# 2000, no angle classifier) reading the very same page images, in the same
# run, both pinned to 2 cores (taskset -c 0,1).
# Prints per tool: s/page (wall), CPU s/page (user+sys), peak memory (max
# RSS from /usr/bin/time); then jixiao's accuracy against the records of the
# born-digital PDF over the same pages (bench/ocr_compare.py).
# Usage: bench/ocr.sh [FIRST LAST | --all] [--no-ref]
#   JIXIAO=path/to/jixiao bench/ocr.sh ...: time that binary (a copy, so that
#   a rebuild during the run does not change it) instead of building one.
#   default pages 1-6; --all: every page (the whole-sample run);
#   --no-ref: skip RapidOCR (accuracy run only).
# Needs: poppler-utils, imagemagick (make_scans.sh), python3 -m venv;
# installs rapidocr_onnxruntime==1.4.4 and img2pdf into bench/work/ocr/venv.
set -euo pipefail
cd "$(dirname "$0")/.."
first=1 last=6 ref=1
while [ $# -gt 0 ]; do
  case "$1" in
    --all) last=$(pdfinfo tests/fixtures/pdf/ningxia-libreoffice.pdf | awk '/^Pages:/ {print $2}') ;;
    --no-ref) ref=0 ;;
    [0-9]*) first=$1; last=${2:?usage: bench/ocr.sh FIRST LAST}; shift ;;
    *) echo "usage: bench/ocr.sh [FIRST LAST | --all] [--no-ref]" >&2; exit 2 ;;
  esac
  shift
done
work=bench/work/ocr
mkdir -p "$work"
if [ -z "${JIXIAO:-}" ]; then
  cargo build --release --quiet
  JIXIAO=./target/release/jixiao
fi
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q rapidocr_onnxruntime==1.4.4 img2pdf
fi
export PATH="$PWD/$work/venv/bin:$PATH"
pages=$((last - first + 1))
tests/fixtures/scan/make_scans.sh --pages "$first" "$last" "$work/scans" >/dev/null
"$JIXIAO" convert -q -o "$work/born" tests/fixtures/pdf/ningxia-libreoffice.pdf

# measure NAME CMD...: runs CMD on cores 0-1 under /usr/bin/time; prints
# "NAME wall_s cpu_s max_rss_kb".
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" taskset -c 0,1 "$@" >/dev/null 2>"$work/stderr.txt" \
    || { echo "$name failed:"; cat "$work/stderr.txt"; return 1; }
  read -r wall user sys rss < "$work/time.txt"
  echo "$name $wall $(echo "$user + $sys" | bc) $rss"
}

printf '%-22s %6s %10s %14s %12s\n' run pages "s/page" "CPU s/page" "peak MB"
for kind in clean degraded; do
  pdf="$work/scans/$kind.pdf"
  rm -rf "$work/img-$kind" && mkdir -p "$work/img-$kind"
  pdfimages -j "$pdf" "$work/img-$kind/p"
  results=()
  results+=("$(measure "jixiao-$kind" "$JIXIAO" convert -q --timeout-per-file 7200 -o "$work/out-$kind" "$pdf")")
  if [ "$ref" = 1 ]; then
    results+=("$(measure "rapidocr-$kind" python bench/rapidocr_ref.py "$work/ref-$kind.jsonl" "$work/img-$kind"/p-*.jpg)")
  fi
  for r in "${results[@]}"; do
    read -r name wall cpu rss <<< "$r"
    printf '%-22s %6d %10.2f %14.2f %12.0f\n' "$name" "$pages" \
      "$(echo "$wall / $pages" | bc -l)" "$(echo "$cpu / $pages" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
  done
done
echo
for kind in clean degraded; do
  echo "accuracy $kind (pages $first-$last): $(python3 bench/ocr_compare.py "$work/born/records.jsonl" "$work/out-$kind/records.jsonl" "$first-$last")"
done
