#!/usr/bin/env bash
# Inspect images: hayro rendering + overlay drawing (+ PNG encoding) per
# page on one core, beside `pdftoppm -r 100` (PPM, and -png) on the same
# pages in the same run (also one core), and the whole `jixiao inspect`
# command.
# Usage: bench/inspect.sh [PDF...]   (default: the PDF fixtures)
# Needs: poppler-utils (pdftoppm, pdfinfo); taskset (util-linux).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pdftoppm >/dev/null || apt-get install -y poppler-utils >/dev/null
if [ $# -gt 0 ]; then files=("$@"); else files=(tests/fixtures/pdf/*.pdf); fi
work=bench/work/inspect
rm -rf "$work" && mkdir -p "$work"
cargo build --release --quiet
cargo bench --quiet --bench inspect --no-run 2>/dev/null
pages=0
for f in "${files[@]}"; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
echo "inputs: ${#files[@]} files, $pages pages; one core (taskset -c 0)"

# In process: render, overlay, PNG, per page.
taskset -c 0 cargo bench --quiet --bench inspect -- "${files[@]}"

# ms_per_page NAME CMD...: wall time of one run over all pages.
ms_per_page() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  python3 -c "t=($t1-$t0)*1000; print(f'{\"$name\":<40} {t/$pages:7.1f} ms/page  ({t/1000:.2f} s)')"
}
# pdftoppm_all [-png]: PPM (no encoding) by default, as the brief's reference.
pdftoppm_all() {
  local i=0
  for f in "${files[@]}"; do
    i=$((i + 1))
    taskset -c 0 pdftoppm -r 100 "$@" "$f" "$work/ppm-$i"
    rm -f "$work"/ppm-"$i"-*.ppm
  done
}
inspect_all() {
  local i=0
  for f in "${files[@]}"; do i=$((i + 1)); taskset -c 0 target/release/jixiao inspect "$f" -o "$work/jx-$i"; done
}
ms_per_page "pdftoppm -r 100 (PPM, no encoding)" pdftoppm_all
ms_per_page "pdftoppm -r 100 -png" pdftoppm_all -png
ms_per_page "jixiao inspect (whole command)" inspect_all
w=$(python3 -c "import struct;d=open('$(ls "$work"/ppm-1-*.png | head -1)','rb').read(24);print(struct.unpack('>I',d[16:20])[0])")
echo "image width: pdftoppm -r 100 $w px, jixiao $(python3 -c "import struct;d=open('$work/jx-1/page-001.png','rb').read(24);print(struct.unpack('>I',d[16:20])[0])") px"
rm -rf "$work"
