"""jixiao: Chinese budget performance-target disclosures (项目支出预算绩效目标表)
into records, from Python.

    import jixiao
    records = jixiao.convert("绩效目标表.pdf")          # list of dicts, as records.jsonl
    results = jixiao.convert_many(["a.pdf", "folder/"], jobs=4)
    table = jixiao.convert_arrow("folder/")             # pyarrow.Table, one row per indicator
    df = jixiao.to_arrow(records).to_pandas()

The conversion runs in Rust (the library the ``jixiao`` command is built on)
with the GIL released; folders are walked as ``jixiao convert`` walks them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

from . import _jixiao

__version__ = _jixiao.__version__

__all__ = [
    "JixiaoError",
    "FileResult",
    "convert",
    "convert_many",
    "convert_arrow",
    "to_arrow",
    "arrow_schema",
    "tables",
    "TABLES",
]

#: The Arrow tables: ``indicators`` (one row per indicator, the
#: indicators.csv columns then the projects.csv columns of its record),
#: ``indicators_only`` (indicators.csv as it is), ``projects``, ``warnings``.
TABLES = ("indicators", "indicators_only", "projects", "warnings")


class JixiaoError(ValueError):
    """A document that could not be converted.

    ``str(e)`` is the line the ``jixiao`` command prints on stderr for it,
    without the leading ``jixiao: ``: ``<path>: <reason>`` (``<path>: skipped:
    <reason>`` for a file that is not a document). ``reason`` is the
    one-line reason alone (report.json's ``error``), ``status`` is
    report.json's status (``failed``, ``skipped``, ``interrupted``).
    """

    def __init__(self, path: str, status: str, reason: str):
        self.path = path
        self.status = status
        self.reason = reason
        what = "skipped: " if status == "skipped" else ""
        super().__init__(f"{path}: {what}{reason}")


@dataclass
class FileResult:
    """What became of one input of :func:`convert_many`.

    ``status`` is report.json's: ``ok`` (records), ``no_target`` (read fine,
    no performance-target table: not an error, no records), ``skipped`` (not
    a document), ``failed`` (with the reason in ``error``), ``interrupted``.
    """

    path: str
    status: str
    error: Optional[str]
    records: List[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True unless the input failed or was skipped."""
        return self.status in ("ok", "no_target", "unchanged")

    def raise_for_status(self) -> "FileResult":
        """Raises :class:`JixiaoError` if the input failed or was skipped."""
        if not self.ok:
            raise JixiaoError(self.path, self.status, self.error or "")
        return self


#: The types of the arguments (the stubs use them too).
Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
BatchItem = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, Tuple[str, bytes]]


def _item(source: Any, name: Optional[str] = None) -> Any:
    """A batch item for the native module: a path, or (name, bytes)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return (name or "<bytes>", bytes(source))
    if isinstance(source, tuple) and len(source) == 2:
        n, data = source
        return (os.fspath(n), bytes(data))
    return os.fspath(source)


def _items(sources: Any) -> list:
    if isinstance(sources, (str, bytes, bytearray, memoryview, os.PathLike)):
        sources = [sources]
    return [_item(s) for s in sources]


def _jobs(jobs: Optional[int]) -> int:
    if jobs is None:
        return 0
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer or None, not {jobs!r}")
    return jobs


_ERRORS = ("return", "raise")


def convert(
    source: Source,
    *,
    ocr: str = "auto",
    name: Optional[str] = None,
    timeout: Optional[float] = None,
) -> List[dict]:
    """Converts one document into its records (dicts, exactly as the lines of
    records.jsonl; ``document.file`` is the path as given, or ``name``
    for bytes).

    ``source`` is a path or the document's bytes. ``ocr`` is ``"auto"``,
    ``"always"`` or ``"never"`` (as ``jixiao convert --ocr``); ``timeout`` is
    the time limit in seconds (default: 30 s, or 3 s per page when that is
    more). A document with no performance-target table gives ``[]``. A
    corrupt, encrypted, timed-out or non-document input raises
    :class:`JixiaoError` with the reason the CLI prints.
    """
    if isinstance(source, (str, os.PathLike)) and os.path.isdir(source):
        raise JixiaoError(os.fspath(source), "failed", "is a folder: use convert_many")
    (r,) = convert_many([_item(source, name)], jobs=1, ocr=ocr, timeout=timeout)
    r.raise_for_status()
    return r.records


def convert_many(
    sources: Iterable[Any],
    *,
    jobs: Optional[int] = None,
    ocr: str = "auto",
    timeout: Optional[float] = None,
    errors: str = "return",
) -> List[FileResult]:
    """Converts many inputs in parallel (``jobs`` documents at a time,
    default all cores; the GIL is released while they convert).

    Each source is a path (a folder is walked as ``jixiao convert`` walks it:
    every file in it gets a result), bytes, or a ``(name, bytes)`` pair.
    Returns one :class:`FileResult` per input, in input order (then a
    folder's sorted order), as report.json lists them: a failed input never
    stops the batch. With ``errors="raise"`` the batch still runs to the
    end, then the first failed or skipped input raises :class:`JixiaoError`.
    All records: ``[r for f in results for r in f.records]``.
    """
    if errors not in _ERRORS:
        raise ValueError(f"errors must be one of {_ERRORS}, not {errors!r}")
    raw = _jixiao.convert_many(_items(sources), _jobs(jobs), ocr, timeout)
    loads = json.loads
    out = [FileResult(p, s, e, [loads(j) for j in lines]) for p, s, e, lines in raw]
    if errors == "raise":
        for r in out:
            r.raise_for_status()
    return out


def _table(capsule: Any) -> "pyarrow.Table":  # noqa: F821
    import pyarrow as pa

    class _Stream:
        def __init__(self, c: Any):
            self._c = c

        def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
            return self._c

    if hasattr(pa.RecordBatchReader, "from_stream"):
        reader = pa.RecordBatchReader.from_stream(_Stream(capsule))
    else:  # pyarrow 14
        reader = pa.RecordBatchReader._import_from_c_capsule(capsule)
    return reader.read_all()


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"table must be one of {TABLES}, not {table!r}")


def to_arrow(records: Sequence[dict], *, table: str = "indicators") -> "pyarrow.Table":  # noqa: F821
    """Records (as :func:`convert` gives them, or read from records.jsonl) as
    a flat ``pyarrow.Table`` with the columns ``jixiao convert --format csv``
    writes, typed as ``--format parquet`` types them (numbers float64,
    integers int64, ``document_published`` date32, lists as JSON text).

    ``table``: ``"indicators"`` (default: one row per indicator, the
    indicators.csv columns then its record's projects.csv columns;
    a name both have gets ``_project`` on the project's), ``"indicators_only"``,
    ``"projects"`` or ``"warnings"``.
    """
    _check_table(table)
    return _table(_jixiao.to_arrow(records, table))


def arrow_schema(table: str = "indicators") -> "pyarrow.Schema":  # noqa: F821
    """Every column :func:`to_arrow` and :func:`convert_arrow` can give
    ``table``, typed as they type it, in the order of the record's JSON
    Schema: for engines that need the output's schema before the data
    (Spark's ``mapInArrow``, see examples/spark_udf.py).

    A table of some records has a subset of these columns, in the order
    they came in: a key no record has (``actual``, ``score`` and
    ``evaluation`` come only in self-evaluations) gives no column. An
    object that is null in some rows (``actual``) also gives a column of its
    own name, null in every row, which this schema leaves out.
    """
    _check_table(table)
    return _table(_jixiao.schema(table)).schema


def convert_arrow(
    sources: Any,
    *,
    table: str = "indicators",
    jobs: Optional[int] = None,
    ocr: str = "auto",
    timeout: Optional[float] = None,
    errors: str = "return",
) -> "pyarrow.Table":  # noqa: F821
    """:func:`convert_many` straight to :func:`to_arrow`'s table, without
    making Python dicts. Inputs that fail are left out; with
    ``errors="raise"`` the first one raises :class:`JixiaoError`."""
    _check_table(table)
    if errors not in _ERRORS:
        raise ValueError(f"errors must be one of {_ERRORS}, not {errors!r}")
    capsule, outcomes = _jixiao.convert_arrow_many(
        _items(sources), table, _jobs(jobs), ocr, timeout
    )
    if errors == "raise":
        for p, s, e in outcomes:
            FileResult(p, s, e).raise_for_status()
    return _table(capsule)


def tables(
    source: Source, *, name: Optional[str] = None, timeout: Optional[float] = None
) -> List[dict]:
    """Every table the table stage finds in one document, target tables or
    not, as ``jixiao tables`` prints them: ``table`` (from 1), ``page``,
    ``caption``, ``rows``, ``cols``, ``cells`` (``row``, ``col``,
    ``rowspan``, ``colspan``, ``text``, ``page``, ``box`` …), plus ``grid``:
    rows × cols of text, a merged cell's text in every slot it covers (as
    ``jixiao tables --csv`` writes them; ``pandas.DataFrame(t["grid"])``).
    Raises :class:`JixiaoError` as :func:`convert` does."""
    ((p, s, e, js),) = _jixiao.tables_many([_item(source, name)], 1, timeout)
    FileResult(p, s, e).raise_for_status()
    return json.loads(js)
