"""jixiao.convert, convert_many and tables against the CLI's own outputs."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import jixiao
from conftest import LAYOUTS, ROOT, SAMPLE, run_cli

CORRUPT_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nthis is not a PDF body\n"


def test_convert_gives_the_records_of_records_jsonl(cli, tmp_path, monkeypatch):
    rel = "samples/ningxia-yingji-2025.txt"
    want, _ = run_cli(cli, [rel], tmp_path / "out")
    monkeypatch.chdir(ROOT)
    got = jixiao.convert(rel)
    assert len(got) == 25
    assert got == want
    # Key order too: the dicts serialize back to the same lines.
    assert [json.dumps(r, ensure_ascii=False) for r in got] == [
        json.dumps(r, ensure_ascii=False) for r in want
    ]


def test_bytes_give_the_same_records_under_their_name():
    by_path = jixiao.convert(str(SAMPLE))
    by_bytes = jixiao.convert(SAMPLE.read_bytes(), name=str(SAMPLE))
    assert by_bytes == by_path
    assert jixiao.convert(SAMPLE.read_bytes())[0]["document"]["file"] == "<bytes>"


def test_a_corrupt_file_raises_with_the_cli_reason(cli, tmp_path):
    bad = tmp_path / "in" / "bad.pdf"
    bad.parent.mkdir()
    bad.write_bytes(CORRUPT_PDF)
    _, report = run_cli(cli, [bad], tmp_path / "out")
    (entry,) = report["inputs"]
    assert entry["status"] == "failed"
    with pytest.raises(jixiao.JixiaoError) as e:
        jixiao.convert(str(bad))
    assert isinstance(e.value, ValueError)
    assert e.value.reason == entry["error"]
    assert e.value.status == "failed"
    assert str(e.value) == f"{bad}: {entry['error']}"
    # The CLI's stderr line is `jixiao: ` + str(e).
    p = subprocess.run(
        [str(cli), "convert", str(bad), "-o", str(tmp_path / "o2")],
        capture_output=True,
        text=True,
    )
    assert f"jixiao: {e.value}" in p.stderr.splitlines()


def test_not_a_document_raises_skipped(tmp_path):
    png = tmp_path / "scan.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(jixiao.JixiaoError) as e:
        jixiao.convert(str(png))
    assert e.value.status == "skipped"
    assert str(e.value).startswith(f"{png}: skipped: ")


def test_no_target_table_gives_no_records(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("这是一份通知，没有绩效目标表。\n", encoding="utf-8")
    assert jixiao.convert(str(p)) == []


def test_bad_arguments_are_value_errors():
    with pytest.raises(ValueError, match="ocr"):
        jixiao.convert(str(SAMPLE), ocr="sometimes")
    with pytest.raises(ValueError, match="jobs"):
        jixiao.convert_many([str(SAMPLE)], jobs=0)
    with pytest.raises(ValueError, match="errors"):
        jixiao.convert_many([str(SAMPLE)], errors="ignore")
    with pytest.raises(jixiao.JixiaoError, match="cannot read"):
        jixiao.convert("/nonexistent/x.pdf")


def test_convert_many_goes_on_past_a_corrupt_file(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(CORRUPT_PDF)
    good = str(SAMPLE)
    results = jixiao.convert_many([good, str(bad), (good, SAMPLE.read_bytes())], jobs=2)
    assert [r.status for r in results] == ["ok", "failed", "ok"]
    assert results[0].records == results[2].records == jixiao.convert(good)
    assert results[1].records == [] and "PDF" in results[1].error
    assert not results[1].ok
    with pytest.raises(jixiao.JixiaoError):
        results[1].raise_for_status()
    with pytest.raises(jixiao.JixiaoError) as e:
        jixiao.convert_many([good, str(bad)], errors="raise")
    assert e.value.path == str(bad)


def test_convert_many_over_a_folder_is_the_cli_batch(cli, tmp_path):
    want, report = run_cli(cli, [LAYOUTS], tmp_path / "out")
    for jobs in (1, 2):
        results = jixiao.convert_many([str(LAYOUTS)], jobs=jobs)
        entries = report["inputs"]
        assert [(r.path, r.status, r.error) for r in results] == [
            (d["path"], d["status"], d["error"]) for d in entries
        ]
        assert [x for r in results for x in r.records] == want


def test_tables_are_those_jixiao_tables_prints(cli):
    p = subprocess.run(
        [str(cli), "tables", str(SAMPLE)], capture_output=True, text=True, check=True
    )
    (want,) = json.loads(p.stdout)
    got = jixiao.tables(str(SAMPLE))
    assert len(got) == len(want["tables"]) > 0
    for g, w in zip(got, want["tables"]):
        grid = g.pop("grid")
        assert g == w
        assert len(grid) == w["rows"] and all(len(r) == w["cols"] for r in grid)
    assert got[0]["caption"] is None or isinstance(got[0]["caption"], str)


def test_the_gil_is_released_while_converting():
    import threading
    import time

    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        for _ in range(3):
            jixiao.convert_many([str(LAYOUTS)], jobs=2)
    finally:
        done.set()
        t.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    # The ticking thread ran all along (a held GIL would stall it for the
    # whole conversion).
    assert len(ticks) > 20 and max(gaps) < 0.5, (len(ticks), max(gaps))
