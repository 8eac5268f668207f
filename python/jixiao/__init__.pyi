import os
from dataclasses import dataclass
from typing import Any, Iterable, List, Literal, Optional, Sequence, Tuple, Union

import pyarrow

__version__: str
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

Source = Union[str, os.PathLike[str], bytes, bytearray, memoryview]
BatchItem = Union[str, os.PathLike[str], bytes, bytearray, memoryview, Tuple[str, bytes]]
_Ocr = Literal["auto", "always", "never"]
_Table = Literal["indicators", "indicators_only", "projects", "warnings"]
_Errors = Literal["return", "raise"]

TABLES: Tuple[str, ...]

class JixiaoError(ValueError):
    path: str
    status: str
    reason: str
    def __init__(self, path: str, status: str, reason: str) -> None: ...

@dataclass
class FileResult:
    path: str
    status: str
    error: Optional[str]
    records: List[dict] = ...
    @property
    def ok(self) -> bool: ...
    def raise_for_status(self) -> FileResult: ...

def convert(
    source: Source,
    *,
    ocr: _Ocr = "auto",
    name: Optional[str] = None,
    timeout: Optional[float] = None,
) -> List[dict]: ...
def convert_many(
    sources: Iterable[BatchItem],
    *,
    jobs: Optional[int] = None,
    ocr: _Ocr = "auto",
    timeout: Optional[float] = None,
    errors: _Errors = "return",
) -> List[FileResult]: ...
def to_arrow(records: Sequence[dict], *, table: _Table = "indicators") -> pyarrow.Table: ...
def arrow_schema(table: _Table = "indicators") -> pyarrow.Schema: ...
def convert_arrow(
    sources: Union[BatchItem, Iterable[BatchItem]],
    *,
    table: _Table = "indicators",
    jobs: Optional[int] = None,
    ocr: _Ocr = "auto",
    timeout: Optional[float] = None,
    errors: _Errors = "return",
) -> pyarrow.Table: ...
def tables(
    source: Source, *, name: Optional[str] = None, timeout: Optional[float] = None
) -> List[dict]: ...
