"""Converts a folder of disclosures with Ray Data: the files are read as
binary rows (ray.data.read_binary_files), each batch is converted by jixiao
in the worker (map_batches), and the records come back as rows, one per
record, with the record as its records.jsonl line.

    python examples/ray_data.py FOLDER [OUT.jsonl] [--cpus 2]

On a cluster, point ray.init at it and FOLDER at shared storage (s3://…):
read_binary_files reads any filesystem pyarrow knows.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Dict, List

import numpy as np

import jixiao


def convert_batch(batch: Dict[str, np.ndarray]) -> Dict[str, list]:
    """One Ray batch of files (columns `bytes`, `path`) → one row per record
    (`path`, `record` as JSON) and one row per file that gave no record
    (`record` None, with its `status` and `error`), so no file is lost."""
    items = [(str(p), bytes(b)) for p, b in zip(batch["path"], batch["bytes"])]
    # One document at a time per Ray task: Ray already runs one task per CPU.
    results = jixiao.convert_many(items, jobs=1)
    out: Dict[str, List] = {"path": [], "status": [], "error": [], "record": []}
    for r in results:
        rows = [json.dumps(x, ensure_ascii=False) for x in r.records] or [None]
        for rec in rows:
            out["path"].append(r.path)
            out["status"].append(r.status)
            out["error"].append(r.error)
            out["record"].append(rec)
    return out


def run(folder: str, cpus: int = 2) -> List[dict]:
    """Converts every file under `folder`; returns one row per record or
    record-less file, in path order."""
    import ray

    if not ray.is_initialized():
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    ds = ray.data.read_binary_files(folder, include_paths=True)
    ds = ds.map_batches(convert_batch, batch_size=1, batch_format="numpy")
    rows = ds.take_all()
    rows.sort(key=lambda r: r["path"])  # Ray does not keep the order
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("out", nargs="?", default="ray_records.jsonl")
    ap.add_argument("--cpus", type=int, default=2)
    a = ap.parse_args()
    rows = run(os.path.abspath(a.folder), a.cpus)
    n = 0
    with open(a.out, "w", encoding="utf-8") as f:
        for r in rows:
            if r["record"] is not None:
                f.write(r["record"] + "\n")
                n += 1
            elif r["status"] not in ("ok", "no_target"):
                print(f"jixiao: {r['path']}: {r['error']}")
    print(f"{n} records from {len({r['path'] for r in rows})} files → {a.out}")


if __name__ == "__main__":
    main()
