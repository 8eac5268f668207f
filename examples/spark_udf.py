"""Converts a folder of disclosures with Spark: the files are read as
binary rows (spark.read.format("binaryFile")), and each partition's Arrow
batches go through jixiao in the executors (mapInArrow), which gives back
the flat indicator table (one row per indicator, the indicators.csv
columns then the projects.csv columns) as Arrow batches.

    python examples/spark_udf.py FOLDER [OUT_DIR]      # writes Parquet

The output schema is the table jixiao gives for the bundled sample: every
record has every key (schema/record.schema.json), so the columns are the
same for any input.
"""

from __future__ import annotations

import os
import sys
from typing import Iterator

import pyarrow as pa

import jixiao

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "samples", "ningxia-yingji-2025.txt")


def indicator_schema() -> pa.Schema:
    """The Arrow schema of jixiao's indicator table."""
    return jixiao.convert_arrow(SAMPLE).schema


def convert_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow: batches of (path, content) → batches of indicator rows."""
    schema = indicator_schema()
    for b in batches:
        # Spark names local files file:/…; document.file gets the plain path.
        paths = [p.removeprefix("file:") for p in b.column("path").to_pylist()]
        items = list(zip(paths, b.column("content").to_pylist()))
        table = jixiao.convert_arrow(items, jobs=1)
        # Columns as the schema lists them (a table of no rows has the join keys only).
        table = pa.table(
            [table.column(f.name) if f.name in table.column_names else pa.nulls(len(table), f.type)
             for f in schema],
            schema=schema,
        )
        yield from table.to_batches()


def main() -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    folder = os.path.abspath(sys.argv[1])
    out = sys.argv[2] if len(sys.argv) > 2 else "spark_indicators"
    spark = SparkSession.builder.master("local[2]").appName("jixiao").getOrCreate()
    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(folder)
        .select("path", "content")
    )
    indicators = files.mapInArrow(convert_partition, from_arrow_schema(indicator_schema()))
    indicators.write.mode("overwrite").parquet(out)
    print(f"{spark.read.parquet(out).count()} indicator rows → {out}")
    spark.stop()


if __name__ == "__main__":
    main()
