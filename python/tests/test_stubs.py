"""The type stubs (jixiao/__init__.pyi, _jixiao.pyi) match the installed
package: mypy's stubtest finds every public name, signature and default."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_stubs_match_the_package(tmp_path):
    pytest.importorskip("mypy")
    # pyarrow ships no stubs; the stubs name pyarrow.Table and Schema only.
    cfg = tmp_path / "mypy.ini"
    cfg.write_text("[mypy]\nignore_missing_imports = True\n")
    p = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "jixiao", "--mypy-config-file", str(cfg)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stdout + p.stderr
