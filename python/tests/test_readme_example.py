"""The README's Python example runs as written: its first code block under
"## Python", in a folder holding the files it names (the sample as
samples/…, a folder 2025/ of documents, extra.pdf and 部门预算.pdf made from
the committed PDF fixture) and `data`, the bytes of that PDF."""

from __future__ import annotations

import os
import re
import shutil

import pytest

import jixiao
from conftest import ROOT, SAMPLE

PDF = ROOT / "tests" / "fixtures" / "pdf" / "ningxia-libreoffice.pdf"


def readme_python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Python\n") :]
    m = re.search(r"```python\n(.*?)```", section, re.S)
    assert m, "no python block under ## Python"
    return m.group(1)


def test_the_readme_python_example_runs(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    (tmp_path / "samples").mkdir()
    shutil.copy(SAMPLE, tmp_path / "samples" / SAMPLE.name)
    (tmp_path / "2025").mkdir()
    shutil.copy(SAMPLE, tmp_path / "2025" / "dept-a.txt")
    shutil.copy(PDF, tmp_path / "2025" / "dept-b.pdf")
    (tmp_path / "2025" / "broken.pdf").write_bytes(PDF.read_bytes()[:4000])
    shutil.copy(PDF, tmp_path / "extra.pdf")
    shutil.copy(PDF, tmp_path / "部门预算.pdf")
    code = readme_python_example()
    ns = {"data": PDF.read_bytes()}
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(code, "README.md (## Python)", "exec"), ns)
    finally:
        os.chdir(cwd)

    # What the example's names hold, against the library called directly.
    records = ns["records"]
    assert len(records) > 0
    assert ns["table"].num_rows == sum(len(r["indicators"]) for r in records)
    assert ns["projects"].num_rows == len(records)
    assert len(ns["df"]) == jixiao.convert_arrow(str(tmp_path / "2025")).num_rows > 0
    statuses = {os.path.basename(r.path): r.status for r in ns["results"]}
    assert statuses["broken.pdf"] == "failed"
    # The failed file was printed with its reason, and the batch went on.
    out = capsys.readouterr().out
    assert "broken.pdf failed" in out and "truncated PDF" in out
