"""Converts a folder of disclosures with Spark: the files are read as
binary rows (spark.read.format("binaryFile")), and each partition's Arrow
batches go through jixiao in the executors (mapInArrow), which gives back
the flat indicator table (one row per indicator, the indicators.csv
columns then the projects.csv columns) as Arrow batches.

    python examples/spark_udf.py FOLDER [OUT_DIR]      # writes Parquet

mapInArrow needs the output schema before the data: it is
jixiao.arrow_schema(), every column the record's JSON Schema can give (the
self-evaluation columns `actual_*`, `score`, `evaluation_*` included), and
each partition's table is conformed to it (a column it lacks is null; a
column with values that the schema does not know stops the job rather than
being dropped).
"""

from __future__ import annotations

import os
import sys
from typing import Iterator

import pyarrow as pa

import jixiao

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "samples", "ningxia-yingji-2025.txt")


def indicator_schema() -> pa.Schema:
    """The Arrow schema of jixiao's indicator table: every column it can have."""
    return jixiao.arrow_schema()


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with the columns of `schema`, in its order: a column the
    table lacks is all null; a column the schema lacks must be null in every
    row (`actual` of rows whose `actual` is null), else this raises."""
    extra = [c for c in table.column_names if c not in schema.names]
    for c in extra:
        if table.column(c).null_count != len(table):
            raise ValueError(f"column {c!r} has values but is not in the schema")
    return pa.table(
        [
            table.column(f.name) if f.name in table.column_names else pa.nulls(len(table), f.type)
            for f in schema
        ],
        schema=schema,
    )


def convert_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow: batches of (path, content) → batches of indicator rows."""
    schema = indicator_schema()
    for b in batches:
        # Spark names local files file:/…; document.file gets the plain path.
        paths = [p.removeprefix("file:") for p in b.column("path").to_pylist()]
        items = list(zip(paths, b.column("content").to_pylist()))
        yield from conform(jixiao.convert_arrow(items, jobs=1), schema).to_batches()


def run(folder: str, out: str, master: str = "local[2]") -> int:
    """Converts every file under `folder` into the indicator table, written
    as Parquet to `out`; returns its number of rows."""
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    # The Python workers run the interpreter running this (which has jixiao).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master(master).appName("jixiao").getOrCreate()
    try:
        files = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(os.path.abspath(folder))
            .select("path", "content")
        )
        indicators = files.mapInArrow(convert_partition, from_arrow_schema(indicator_schema()))
        indicators.write.mode("overwrite").parquet(out)
        return spark.read.parquet(out).count()
    finally:
        spark.stop()


def main() -> None:
    folder = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else "spark_indicators"
    n = run(folder, out)
    print(f"{n} indicator rows → {out}")


if __name__ == "__main__":
    main()
