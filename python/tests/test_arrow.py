"""jixiao.to_arrow / convert_arrow: the CSV files' columns and rows, the
Parquet files' types."""

from __future__ import annotations

import json
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import jixiao
from conftest import LAYOUTS, ROOT, SAMPLE, run_cli


def csv_header(path):
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f))


@pytest.fixture(scope="module")
def cli_out(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("arrow") / "out"
    records, _ = run_cli(cli, [SAMPLE, LAYOUTS], out, extra=["--format", "jsonl,csv,parquet"])
    return records, out


def test_tables_have_the_csv_columns_and_rows(cli_out):
    records, out = cli_out
    for name in ("projects", "warnings"):
        t = jixiao.to_arrow(records, table=name)
        assert t.column_names == csv_header(out / f"{name}.csv")
        with open(out / f"{name}.csv", encoding="utf-8-sig") as f:
            import csv

            assert t.num_rows == sum(1 for _ in csv.reader(f)) - 1
    ind = jixiao.to_arrow(records, table="indicators_only")
    assert ind.column_names == csv_header(out / "indicators.csv")
    assert ind.num_rows == sum(len(r["indicators"]) for r in records)


def test_types_are_those_of_the_parquet_files(cli_out):
    records, out = cli_out
    for name, table in (
        ("projects", "projects"),
        ("indicators", "indicators_only"),
        ("warnings", "warnings"),
    ):
        from_file = pq.read_table(out / f"{name}.parquet")
        mine = jixiao.to_arrow(records, table=table)
        assert mine.schema.equals(from_file.schema, check_metadata=False), name
        assert mine.equals(from_file.cast(mine.schema)), name
    p = jixiao.to_arrow(records, table="projects")
    assert p.schema.field("document_published").type == pa.date32()
    assert p.schema.field("funds_annual_total").type == pa.float64()
    assert p.schema.field("year").type == pa.int64()


def test_the_indicator_table_joins_the_project_columns(cli_out):
    records, _ = cli_out
    t = jixiao.to_arrow(records)
    only = jixiao.to_arrow(records, table="indicators_only")
    projects = jixiao.to_arrow(records, table="projects")
    assert t.num_rows == only.num_rows
    assert t.column_names[: only.num_columns] == only.column_names
    extra = [c for c in projects.column_names if c not in ("record_id", "project_name")]
    assert t.column_names[only.num_columns :] == [
        c + "_project" if c in only.column_names else c for c in extra
    ]
    # Each indicator row carries its own record's project columns (in
    # record order: a record_id repeats when one document comes in two
    # formats).
    owners = [r for r in records for _ in r["indicators"]]
    files = t.column("document_file").to_pylist()
    goals = t.column("annual_goal").to_pylist()
    assert files == [r["document"]["file"] for r in owners]
    assert goals == [r["annual_goal"] for r in owners]


def test_convert_arrow_is_to_arrow_of_the_records():
    records = [x for f in jixiao.convert_many([str(SAMPLE), str(LAYOUTS)]) for x in f.records]
    for table in jixiao.TABLES:
        a = jixiao.convert_arrow([str(SAMPLE), str(LAYOUTS)], table=table, jobs=2)
        b = jixiao.to_arrow(records, table=table)
        assert a.equals(b), table


def _both_walks(records, table):
    """The table of `records` by to_arrow's plain walk (records that are
    plain JSON data) and by the serde walk alone."""
    from jixiao import _jixiao

    plain = jixiao._table(_jixiao.to_arrow(records, table, True))
    serde = jixiao._table(_jixiao.to_arrow(records, table, False))
    return plain, serde


def test_the_plain_walk_gives_what_the_serde_walk_gives():
    # The records of the sample and the layout fixtures, and of the real
    # budgets when JIXIAO_REALDOCS names them.
    paths = [str(SAMPLE), str(LAYOUTS)]
    real = os.environ.get("JIXIAO_REALDOCS")
    if real:
        paths.append(real)
    records = [json.loads(json.dumps(x)) for f in jixiao.convert_many(paths, jobs=2) for x in f.records]
    assert len(records) > 10
    for table in jixiao.TABLES:
        plain, serde = _both_walks(records, table)
        assert plain.num_rows > 0, table
        assert plain.schema.equals(serde.schema), table
        assert plain.equals(serde), table


class Text(str):
    pass


def test_records_that_are_not_plain_json_give_what_the_serde_walk_gives():
    # Each record has one thing the plain walk leaves to the serde walk
    # (beside plain ones): a subclass of str as a value and as a key, a
    # tuple, a key that is not a str, an object that is not JSON data; and
    # plain ones that test the flattening's corners: a child key equal to a
    # join key, arrays kept as JSON text, a non-object item, an empty key,
    # numbers beyond int64, non-finite floats, an object or null where the
    # items would be.
    base = {"record_id": "r", "project_name": "p", "year": 2025}
    records = [
        dict(base, record_id="a", indicators=[{"name": "x", "record_id": "own"}, 7, [1, "二"]]),
        dict(base, record_id="b", funds={"total": 1.5, "own": {"level": None}}, parts=[1, {"k": [2.5]}]),
        dict(base, record_id="c", big=2**70, neg=-(2**63), nan=float("nan"), inf=float("inf"), t=True),
        dict(base, record_id="d", **{"": {"": 1, "x": 2}}),
        dict(base, record_id="e", indicators={"name": "not a list"}, warnings=None),
        dict(base, record_id="f", name=Text("子类")),
        dict(base, record_id="g", **{Text("key"): 1}),
        dict(base, record_id="h", pair=(1, 2)),
        {1: "int key", **base, "record_id": "i"},
        dict(base, record_id="j", when=__import__("datetime").date(2025, 1, 2)),
        dict(base, record_id="k", warnings=[{"code": "c", "message": "m", "project_name": "own"}]),
        "not a record",
        dict(base, record_id={"nested": 1}, project_name=["p"]),
    ]
    for table in jixiao.TABLES:
        plain, serde = _both_walks(records, table)
        assert plain.schema.equals(serde.schema), table
        assert plain.equals(serde), table
    ind = _both_walks(records, "indicators_only")[0].to_pylist()
    # Record a's items: the first's own record_id wins over the join key's;
    # a number item and an array item are `value`s (text: the column holds both).
    first = [(r["record_id"], r["value"]) for r in ind if r["record_id"] in ("a", "own")]
    assert first == [("own", None), ("a", "7"), ("a", '[1,"二"]')]


def test_records_read_back_from_jsonl_give_the_same_table(cli_out):
    records, out = cli_out
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    again = [json.loads(x) for x in lines]
    assert jixiao.to_arrow(again).equals(jixiao.to_arrow(records))


def test_no_records_give_the_join_columns():
    t = jixiao.to_arrow([])
    assert t.num_rows == 0 and t.column_names[:2] == ["record_id", "project_name"]
    with pytest.raises(ValueError, match="table"):
        jixiao.to_arrow([], table="funds")


def test_arrow_schema_has_every_column_typed_as_the_tables(cli_out):
    records, _ = cli_out
    for name in jixiao.TABLES:
        schema = jixiao.arrow_schema(name)
        t = jixiao.to_arrow(records, table=name)
        for f in t.schema:
            if f.name in schema.names:
                assert schema.field(f.name).type == f.type, (name, f.name)
            else:
                # Only the column of an object null in some rows (`actual`).
                assert t.column(f.name).null_count == t.num_rows, (name, f.name)
    ind = jixiao.arrow_schema("indicators_only")
    # The self-evaluation columns, typed by the record schema.
    assert ind.field("actual_number").type == pa.float64()
    assert ind.field("score").type == pa.float64()
    assert jixiao.arrow_schema("projects").field("evaluation_execution_rate").type == pa.float64()
    with pytest.raises(ValueError, match="table must be"):
        jixiao.arrow_schema("nope")
