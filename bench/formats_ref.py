#!/usr/bin/env python3
"""Reference readers for bench/formats.sh: read every table of every file in
DIR the way a Python user would, and print the wall seconds and CPU seconds
taken (imports excluded) and the number of table cells seen.

Usage: formats_ref.py KIND DIR
KIND: read_html (pandas.read_html, lxml), bs4 (BeautifulSoup with Python's
html.parser, every <td>; the lxml builder reads no cell of a GBK page that
declares gb2312), openpyxl (every cell of every sheet), read_excel (pandas, every
sheet), docx (python-docx, every cell of every table), csv (the csv module).
"""
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")

kind, folder = sys.argv[1], sys.argv[2]
files = sorted(os.path.join(folder, f) for f in os.listdir(folder))

if kind == "read_html":
    import pandas as pd
    def read(p):
        return sum(t.size for t in pd.read_html(p, encoding=None))
elif kind == "bs4":
    from bs4 import BeautifulSoup
    def read(p):
        with open(p, "rb") as fh:
            soup = BeautifulSoup(fh.read(), "html.parser")
        return sum(1 for _ in soup.find_all(["td", "th"]))
elif kind == "openpyxl":
    import openpyxl
    def read(p):
        wb = openpyxl.load_workbook(p, read_only=False, data_only=True)
        return sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)
elif kind == "read_excel":
    import pandas as pd
    def read(p):
        return sum(df.size for df in pd.read_excel(p, sheet_name=None, header=None).values())
elif kind == "docx":
    import docx
    def read(p):
        d = docx.Document(p)
        return sum(1 for t in d.tables for row in t.rows for c in row.cells if c.text)
elif kind == "csv":
    import csv
    def read(p):
        raw = open(p, "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        return sum(len(r) for r in csv.reader(text.splitlines()))
else:
    sys.exit(f"unknown kind {kind}")

t0, c0 = time.perf_counter(), time.process_time()
cells = sum(read(p) for p in files)
print(f"{time.perf_counter() - t0:.3f} {time.process_time() - c0:.3f} {cells}")
