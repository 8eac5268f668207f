"""examples/spark_udf.py run in Spark local mode (local[2]) over the real
department budgets (JIXIAO_REALDOCS) gives the indicator rows of
`jixiao convert DIR -o OUT`: its indicator columns are the CLI's
indicators.parquet, and each row's project columns are those of its record
in records.jsonl."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

import jixiao
from conftest import ROOT, run_cli


def load_example():
    spec = importlib.util.spec_from_file_location("spark_udf", ROOT / "examples" / "spark_udf.py")
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def by_file(table):
    """The table's rows as dicts, stably sorted by input file: Spark's
    partitions come back in their own order, each file's rows in order."""
    rows = table.to_pylist()
    return sorted(rows, key=lambda r: r["document_file"])


def test_spark_example_matches_the_cli(cli, tmp_path):
    docs = os.environ.get("JIXIAO_REALDOCS")
    if not docs:
        pytest.skip("JIXIAO_REALDOCS not set: the Spark example was not run")
    pytest.importorskip("pyspark")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java (java on PATH or JAVA_HOME): the Spark example was not run")
    import pyarrow.parquet as pq

    docs = str(Path(docs).resolve())
    want_records, report = run_cli(
        cli, [docs], tmp_path / "cli", extra=["--format", "jsonl,parquet"]
    )
    want_ind = pq.read_table(tmp_path / "cli" / "indicators.parquet")
    spark_udf = load_example()
    n = spark_udf.run(docs, str(tmp_path / "spark"), master="local[2]")
    got = pq.read_table(tmp_path / "spark")
    assert n == got.num_rows == want_ind.num_rows > 0
    # The indicator table of the CLI's records (what the example's
    # convert_arrow gives), with every column of jixiao.arrow_schema().
    want = jixiao.to_arrow(want_records)
    schema = jixiao.arrow_schema()
    assert got.column_names == schema.names
    # The self-evaluations' columns are there, typed.
    assert schema.field("actual_number").type == want.schema.field("actual_number").type
    assert got.column("actual_number").null_count < got.num_rows
    got_rows = by_file(got)
    want_rows = by_file(spark_udf.conform(want, schema))
    assert got_rows == want_rows
    # Nothing was dropped: every column of the CLI records' table is in
    # the output with its values, but `actual` (null when a row has none).
    dropped = [c for c in want.column_names if c not in schema.names]
    assert dropped == ["actual"] and want.column("actual").null_count == want.num_rows
    for c in want.column_names:
        if c in schema.names:
            assert [r[c] for r in got_rows] == [r[c] for r in by_file(want)], c
    # Its indicator columns are the CLI's own indicators.parquet (the
    # joined table keeps the records' row order).
    assert want.select(want_ind.column_names).to_pylist() == want_ind.to_pylist()
    # Every input was converted (a failed one would give no rows here).
    assert all(d["status"] in ("ok", "no_target") for d in report["inputs"])
