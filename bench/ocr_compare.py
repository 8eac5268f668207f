#!/usr/bin/env python3
"""Compares the records of a scanned PDF with those of the born-digital PDF
it was made from, restricted to the scanned pages.

Usage: ocr_compare.py BORN.jsonl SCAN.jsonl PAGES [--diff]
PAGES: the born-digital pages the scan holds, e.g. 2-3 or 2,4 or 1-32. Only
born-digital records whose indicators all lie on them are compared. Records
are paired by project name. Prints one JSON line of rates: header fields
exact, indicator rows exact (level1, level2, name, raw value), indicator F1,
values parsed as the born-digital ones.
"""
import json
import sys
from collections import Counter

HEADER = ["year", "amount_unit", "project_name", "competent_department",
          "implementing_unit", "project_attribute", "project_period"]


def flat(prefix, v, out):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(f"{prefix}.{k}", x, out)
    else:
        out[prefix] = v


def header_fields(r):
    out = {k: r.get(k) for k in HEADER}
    flat("funds", r.get("funds"), out)
    return out


def row(i):
    return (i["level1"], i["level2"], i["name"], i["value"]["raw"])


def parsed(i):
    v = i["value"]
    return tuple(v.get(k) for k in ("kind", "op", "number", "max", "unit", "per"))


def main():
    born = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
    scan = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
    pages = set()
    for part in sys.argv[3].split(","):
        a, _, b = part.partition("-")
        pages.update(range(int(a), int(b or a) + 1))
    show = "--diff" in sys.argv
    born = [r for r in born
            if r["indicators"] and all(i["source"]["page"] in pages for i in r["indicators"])]
    # Records paired by project name and occurrence (names can repeat).
    by_name = {}
    for r in scan:
        by_name.setdefault(r["project_name"], []).append(r)
    nth_name = Counter()
    pairs, used = {}, set()
    for b in born:
        same = by_name.get(b["project_name"], [])
        k = nth_name[b["project_name"]]
        nth_name[b["project_name"]] += 1
        if k < len(same):
            pairs[id(b)] = same[k]
            used.add(id(same[k]))
    # A misread project name: paired with the unpaired scan records in order.
    rest = [r for r in scan if id(r) not in used]
    for b in born:
        if id(b) not in pairs and rest:
            pairs[id(b)] = rest.pop(0)
    h_ok = h_all = 0
    rows_born, rows_scan = Counter(), Counter()
    v_ok = v_all = 0
    missing = 0
    for b in born:
        s = pairs.get(id(b))
        if s is None:
            missing += 1
            h_all += len(header_fields(b))
            rows_born.update(row(i) for i in b["indicators"])
            v_all += len(b["indicators"])
            continue
        hb, hs = header_fields(b), header_fields(s)
        for k, v in hb.items():
            h_all += 1
            if hs.get(k) == v:
                h_ok += 1
            elif show:
                print(f"HEADER {b['project_name']} {k}: {v!r} vs {hs.get(k)!r}")
        rows_born.update(row(i) for i in b["indicators"])
        rows_scan.update(row(i) for i in s["indicators"])
        # values: indicators paired by name and occurrence (else by position)
        s_by = {}
        for i in s["indicators"]:
            s_by.setdefault(i["name"], []).append(i)
        seen = Counter()
        for k, i in enumerate(b["indicators"]):
            v_all += 1
            nth = seen[i["name"]]
            seen[i["name"]] += 1
            same = s_by.get(i["name"], [])
            j = same[nth] if nth < len(same) else (
                s["indicators"][k] if k < len(s["indicators"]) else None)
            if j is not None and parsed(j) == parsed(i):
                v_ok += 1
            elif show:
                print(f"VALUE {i['name']}: {i['value']['raw']!r} vs {j and j['value']['raw']!r}")
    common = sum((rows_born & rows_scan).values())
    nb, ns = sum(rows_born.values()), sum(rows_scan.values())
    if show:
        for r in (rows_born - rows_scan):
            print("ROW born only:", r)
        for r in (rows_scan - rows_born):
            print("ROW scan only:", r)
    p = common / ns if ns else 0.0
    rc = common / nb if nb else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    print(json.dumps({
        "records_born": len(born), "records_scan": len(scan), "missing": missing,
        "header_exact": round(h_ok / max(h_all, 1), 4),
        "rows_exact": round(common / max(nb, 1), 4),
        "indicator_f1": round(f1, 4),
        "values_parsed": round(v_ok / max(v_all, 1), 4),
    }))


if __name__ == "__main__":
    main()
