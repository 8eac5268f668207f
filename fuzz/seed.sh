#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs (fuzz/corpus is git-ignored):
#
#   text_pipeline  the sample whole and each of its tables alone, each as
#                  UTF-8, UTF-8 with BOM, GBK (GB18030), UTF-16 LE and BE with
#                  BOM, plus a markdown-pipe version of each table and a CRLF
#                  copy of the sample
#   value_parser   every distinct cell of the sample's tables, one per file,
#                  plus the value table of RECORD.md
#   pdf_pipeline   tests/fixtures/pdf/*.pdf whole, their first 4/16/64 KiB
#                  (truncated files), and with qpdf installed page 2 alone,
#                  pages 3-4, and page 2 uncompressed; plus, when
#                  $JIXIAO_REALWORLD (or ../shared/realworld) holds PDFs under
#                  400 KB, those whole and truncated
#
# Usage: fuzz/seed.sh   (from anywhere; rerunning it only adds seeds back)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
corpus=corpus
realworld="${JIXIAO_REALWORLD:-$(cd "$root/.." && pwd)/shared/realworld}"

# Seeds are added (same name, same content); what fuzzing added stays.
mkdir -p "$corpus/text_pipeline" "$corpus/value_parser" "$corpus/pdf_pipeline" \
    "$corpus/html_reader" "$corpus/docx_reader" "$corpus/sheet_reader" "$corpus/csv_reader"

# Format readers: the fixtures of tests/fixtures/formats.
fx="$root/tests/fixtures/formats"
cp "$fx"/*.html "$corpus/html_reader/"
cp "$fx"/*.csv "$corpus/csv_reader/"
cp "$fx/ningxia-web.txt" "$corpus/text_pipeline/"
cp "$fx/ningxia.xls" "$corpus/sheet_reader/ningxia.xls"
python3 - "$fx" "$corpus" <<'PY'
import os, sys, zipfile
fx, corpus = sys.argv[1], sys.argv[2]
def put(target, name, data):
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data)
put("docx_reader", "document.xml", zipfile.ZipFile(os.path.join(fx, "ningxia.docx")).read("word/document.xml"))
put("sheet_reader", "content.ods.xml", b"\x00" + zipfile.ZipFile(os.path.join(fx, "ningxia.ods")).read("content.xml"))
put("sheet_reader", "sheet1.xlsx.xml", b"\x01" + zipfile.ZipFile(os.path.join(fx, "ningxia.xlsx")).read("xl/worksheets/sheet1.xml"))
PY

python3 - "$root" "$corpus" <<'PY'
import os, re, sys

root, corpus = sys.argv[1], sys.argv[2]
text_dir = os.path.join(corpus, "text_pipeline")
value_dir = os.path.join(corpus, "value_parser")

def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def encodings(name, text):
    """The same text in every encoding the decoder sniffs."""
    write(text_dir, name + ".utf8", text.encode("utf-8"))
    write(text_dir, name + ".utf8bom", b"\xef\xbb\xbf" + text.encode("utf-8"))
    write(text_dir, name + ".gbk", text.encode("gb18030"))
    write(text_dir, name + ".utf16le", b"\xff\xfe" + text.encode("utf-16-le"))
    write(text_dir, name + ".utf16be", b"\xfe\xff" + text.encode("utf-16-be"))

def markdown(text):
    """Tab rows → markdown pipe rows, with a rule after the first row of
    each table."""
    out, in_table = [], False
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
            in_table = True
        else:
            in_table = False
            out.append(line)
    return "\n".join(out)

cells = set()
sample_dir = os.path.join(root, "samples")
for fname in sorted(os.listdir(sample_dir)):
    path = os.path.join(sample_dir, fname)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    stem = os.path.splitext(fname)[0]
    encodings(stem, text)
    write(text_dir, stem + ".crlf", text.replace("\n", "\r\n").encode("utf-8"))
    write(text_dir, stem + ".md", markdown(text).encode("utf-8"))

    # Each table alone, with the heading lines in front of it (title,
    # (2025年), 单位：万元): split before each "# " heading.
    chunks = re.split(r"(?m)^(?=# )", text)
    for i, chunk in enumerate(c for c in chunks if "\t" in c):
        name = f"{stem}.table{i:02}"
        encodings(name, chunk)
        write(text_dir, name + ".md", markdown(chunk).encode("utf-8"))

    for line in text.split("\n"):
        for cell in line.split("\t"):
            cell = cell.strip()
            if cell:
                cells.add(cell)

# The published values of RECORD.md's value table and a few more shapes.
spec = os.path.join(root, "..", "shared", "spec", "RECORD.md")
if os.path.exists(spec):
    with open(spec, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\| ([^|]+?) \| (number|range|date|placeholder|text) \|", line)
            if m:
                cells.add(m.group(1).split(" (")[0])
cells.update([
    "《24万元", "》95%", "≦5%", "＜1%", "１００％", "２０２５／１２／３１",
    "≥1,200人", "0~25万人次", "1至3年", "2025.12.31", "2025-1-1前", "2025年末",
    "***户、***间", "每期≤1万元", "≤2.5万元/家", "不低于90%", "95%及以上",
])
for i, cell in enumerate(sorted(cells)):
    write(value_dir, f"cell{i:04}", cell.encode("utf-8"))
PY

pdf_dir="$corpus/pdf_pipeline"
add_pdf() {
    local src=$1 name=$2
    cp "$src" "$pdf_dir/$name.pdf"
    for kib in 4 16 64; do
        head -c $((kib * 1024)) "$src" >"$pdf_dir/$name.head${kib}k.pdf"
    done
}
# With qpdf: single pages and a two-page piece (one or two tables each, a
# table split over a page break), and page 2 with its streams uncompressed
# so that mutations reach the content stream operators, not deflate data.
split_pdf() {
    local src=$1 name=$2 tmp
    command -v qpdf >/dev/null || return 0
    qpdf --empty --pages "$src" 2 -- "$pdf_dir/$name.p2.pdf" || true
    qpdf --empty --pages "$src" 3-4 -- "$pdf_dir/$name.p3-4.pdf" || true
    tmp=$(mktemp)
    if qpdf --object-streams=disable --stream-data=uncompress \
        "$pdf_dir/$name.p2.pdf" "$tmp" && [ "$(stat -c %s "$tmp")" -lt 200000 ]; then
        mv "$tmp" "$pdf_dir/$name.p2.uncompressed.pdf"
    fi
    rm -f "$tmp"
}
for f in "$root"/tests/fixtures/pdf/*.pdf; do
    add_pdf "$f" "$(basename "$f" .pdf)"
    split_pdf "$f" "$(basename "$f" .pdf)"
done
if [ -d "$realworld" ]; then
    n=0
    while IFS= read -r -d '' f; do
        if [ "$(stat -c %s "$f")" -lt 400000 ]; then
            n=$((n + 1))
            add_pdf "$f" "realworld$(printf %02d $n)"
        fi
    done < <(find "$realworld" -name '*.pdf' -print0 | sort -z)
fi

for t in text_pipeline value_parser pdf_pipeline; do
    printf '%-14s %5d files\n' "$t" "$(find "$corpus/$t" -type f | wc -l)"
done
