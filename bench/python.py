#!/usr/bin/env python3
"""Speed of the Python package, one run:

1. jixiao.convert_many over a folder (default ../shared/realdocs, or
   JIXIAO_REALDOCS) against `jixiao convert FOLDER -o OUT --jobs N` at the
   same jobs (wall clock of each, the CLI's including its writes of
   records.jsonl, the per-input JSON files and report.json);
2. jixiao.to_arrow of those records against pandas.json_normalize of the
   same records (the best of 20 timings of each, after one warm-up: the
   machine is shared, and the best is the least disturbed):
   the indicator table alone (`record_path="indicators"`, meta record_id
   and project_name, against table="indicators_only"), and the joined
   table (json_normalize of the records and of their indicators, merged on
   the row's record, against the default table="indicators").

    python bench/python.py [FOLDER] [--jobs 2] [--cli target/release/jixiao]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jixiao

ROOT = Path(__file__).resolve().parents[1]


def timed(f, *args, **kw):
    t = time.perf_counter()
    r = f(*args, **kw)
    return time.perf_counter() - t, r


def best_times(f, g, n=20):
    """The best of n timings of f and of g, taken in turns so that both see
    the same load on a shared machine."""
    f(), g()
    tf, tg = [], []
    for _ in range(n):
        tf.append(timed(f)[0])
        tg.append(timed(g)[0])
    return min(tf), min(tg)


def main() -> None:
    ap = argparse.ArgumentParser()
    default = os.environ.get("JIXIAO_REALDOCS") or str(ROOT.parent / "shared" / "realdocs")
    ap.add_argument("folder", nargs="?", default=default)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cli", default=str(ROOT / "target" / "release" / "jixiao"))
    a = ap.parse_args()
    folder = str(Path(a.folder).resolve())
    n_files = sum(1 for p in Path(folder).rglob("*") if p.is_file() and not p.name.startswith("."))
    print(f"folder {folder}: {n_files} files, jobs {a.jobs}, {os.cpu_count()} cores")

    # 1. convert_many vs the CLI, the same jobs, one run each.
    with tempfile.TemporaryDirectory() as out:
        t_cli, p = timed(
            subprocess.run,
            [a.cli, "convert", folder, "-o", out, "--jobs", str(a.jobs), "-q"],
            capture_output=True,
        )
        n_cli = len((Path(out) / "records.jsonl").read_text(encoding="utf-8").splitlines())
    t_py, results = timed(jixiao.convert_many, [folder], jobs=a.jobs)
    records = [r for f in results for r in f.records]
    assert len(records) == n_cli, (len(records), n_cli)
    print(
        f"convert: CLI {t_cli:.2f} s, convert_many {t_py:.2f} s "
        f"({(t_py / t_cli - 1) * 100:+.1f} %), {len(records)} records"
    )

    # 2. to_arrow vs pandas.json_normalize of the same records.
    import pandas as pd

    n_ind = sum(len(r["indicators"]) for r in records)
    t_arrow_only, t_pd_only = best_times(
        lambda: jixiao.to_arrow(records, table="indicators_only"),
        lambda: pd.json_normalize(records, "indicators", ["record_id", "project_name"], sep="_"),
    )

    def pandas_joined():
        ind = pd.json_normalize(records, "indicators", sep="_")
        proj = pd.json_normalize(records, sep="_").drop(columns=["indicators", "warnings"])
        owner = [i for i, r in enumerate(records) for _ in r["indicators"]]
        return pd.concat(
            [ind, proj.iloc[owner].reset_index(drop=True).add_suffix("_project")], axis=1
        )

    t_arrow, t_pd = best_times(lambda: jixiao.to_arrow(records), pandas_joined)
    t_arrow_pd, _ = best_times(lambda: jixiao.to_arrow(records).to_pandas(), lambda: None)
    print(
        f"indicator table ({n_ind} rows): to_arrow {t_arrow_only * 1e3:.1f} ms, "
        f"json_normalize {t_pd_only * 1e3:.1f} ms ({t_pd_only / t_arrow_only:.1f}x)"
    )
    print(
        f"joined table ({n_ind} rows): to_arrow {t_arrow * 1e3:.1f} ms, "
        f"json_normalize+concat {t_pd * 1e3:.1f} ms ({t_pd / t_arrow:.1f}x); "
        f"to_arrow().to_pandas() {t_arrow_pd * 1e3:.1f} ms"
    )
    t_ca, _ = timed(jixiao.convert_arrow, [folder], jobs=a.jobs)
    print(f"convert_arrow (convert + table, no dicts): {t_ca:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
