#!/usr/bin/env python3
"""Reference writers for bench/text.sh: given the records.jsonl jixiao wrote,
write the same records the way a Python user would, and print the wall
seconds and CPU seconds taken (imports excluded) and a count.

Usage: text_ref.py KIND RECORDS_JSONL OUT_DIR
KIND: jsonl (json.loads and json.dumps of every record, one per line),
json (json.dumps indent=2 of every record, one file per 25 records), csv
(the csv module: records flattened to projects, indicators and warnings
as jixiao does), xlsx (openpyxl write-only, the same three sheets), db
(sqlite3: the indicator rows with executemany, one transaction per 25
records, WAL; the count is the indicator rows).
"""
import csv
import json
import os
import sqlite3
import sys
import time

kind, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
lines = open(src, encoding="utf-8").read().splitlines()


def flat(prefix, v, row):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(f"{prefix}_{k}" if prefix else k, x, row)
    elif isinstance(v, list):
        row[prefix] = json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    else:
        row[prefix] = v


def rows(rec):
    project, children = {}, {"indicators": [], "warnings": []}
    join = {k: rec.get(k) for k in ("record_id", "project_name")}
    for k, v in rec.items():
        if k in children and isinstance(v, list):
            for item in v:
                r = dict(join)
                flat("", item, r)
                children[k].append(r)
        else:
            flat(k, v, project)
    return project, children["indicators"], children["warnings"]


w0, c0 = time.perf_counter(), time.process_time()
count = 0
if kind == "jsonl":
    with open(os.path.join(out, "records.jsonl"), "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":")))
            f.write("\n")
            count += 1
elif kind == "json":
    for i in range(0, len(lines), 25):
        recs = [json.loads(x) for x in lines[i : i + 25]]
        with open(os.path.join(out, f"{i}.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(recs, ensure_ascii=False, indent=2))
        count += len(recs)
elif kind in ("csv", "xlsx"):
    tables = [[], [], []]
    cols = [{}, {}, {}]
    for line in lines:
        p, ind, warn = rows(json.loads(line))
        for t, rs in enumerate(([p], ind, warn)):
            for r in rs:
                for k in r:
                    cols[t].setdefault(k, None)
                tables[t].append(r)
        count += 1
    names = ["projects", "indicators", "warnings"]
    if kind == "csv":
        for t, name in enumerate(names):
            with open(os.path.join(out, f"{name}.csv"), "w", encoding="utf-8-sig", newline="") as f:
                w = csv.DictWriter(f, fieldnames=list(cols[t]))
                w.writeheader()
                w.writerows(tables[t])
    else:
        import openpyxl

        wb = openpyxl.Workbook(write_only=True)
        for t, name in enumerate(names):
            ws = wb.create_sheet(name)
            header = list(cols[t])
            ws.append(header)
            for r in tables[t]:
                ws.append([r.get(k) for k in header])
        wb.save(os.path.join(out, "records.xlsx"))
elif kind == "db":
    path = os.path.join(out, "ref.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    header = None
    for i in range(0, len(lines), 25):
        con.execute("BEGIN")
        for j, line in enumerate(lines[i : i + 25]):
            _, ind, _ = rows(json.loads(line))
            if not ind:
                continue
            if header is None:
                header = list(ind[0])
                cols = ", ".join(f'"{c}"' for c in header)
                con.execute(f"CREATE TABLE indicators (doc TEXT, rec INTEGER, item INTEGER, {cols}, PRIMARY KEY (doc, rec, item))")
                sql = f"INSERT INTO indicators VALUES (?, ?, ?, {', '.join('?' * len(header))})"
            doc = f"{i:064}"
            con.executemany(sql, ([doc, j, n] + [r.get(k) for k in header] for n, r in enumerate(ind)))
            count += len(ind)
        con.execute("COMMIT")
    con.close()
else:
    sys.exit(f"unknown kind {kind}")
print(f"{time.perf_counter() - w0:.3f} {time.process_time() - c0:.3f} {count}")
