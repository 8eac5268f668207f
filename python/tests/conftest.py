"""Shared fixtures: the repository, the CLI binary (target/release/jixiao,
or JIXIAO_BIN), and a helper that runs `jixiao convert` and reads its
records.jsonl and report.json back."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "ningxia-yingji-2025.txt"
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"


def cli_binary() -> Path:
    b = os.environ.get("JIXIAO_BIN")
    if b:
        return Path(b)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "release" / "jixiao"


@pytest.fixture(scope="session")
def cli():
    b = cli_binary()
    if not b.exists():
        pytest.skip(f"{b} not built (cargo build --release, or set JIXIAO_BIN)")
    return b


def run_cli(cli: Path, args, out: Path, cwd: Path = ROOT, extra=()):
    """`jixiao convert ARGS -o OUT`; returns (records, report)."""
    p = subprocess.run(
        [str(cli), "convert", *map(str, args), "-o", str(out), "-q", *extra],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert p.returncode in (0, 1), p.stderr
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return [json.loads(x) for x in lines], report
