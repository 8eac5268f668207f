import os
from dataclasses import dataclass
from typing import Any, Iterable, List, Literal, Optional, Sequence, Tuple, Union

import pyarrow

__version__: str

Source = Union[str, os.PathLike[str], bytes, bytearray, memoryview]
BatchItem = Union[str, os.PathLike[str], bytes, bytearray, memoryview, Tuple[str, bytes]]
Ocr = Literal["auto", "always", "never"]
Table = Literal["indicators", "indicators_only", "projects", "warnings"]
Errors = Literal["return", "raise"]

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
    records: List[dict]
    @property
    def ok(self) -> bool: ...
    def raise_for_status(self) -> FileResult: ...

def convert(
    source: Source,
    *,
    ocr: Ocr = "auto",
    name: Optional[str] = None,
    timeout: Optional[float] = None,
) -> List[dict]: ...
def convert_many(
    sources: Iterable[BatchItem],
    *,
    jobs: Optional[int] = None,
    ocr: Ocr = "auto",
    timeout: Optional[float] = None,
    errors: Errors = "return",
) -> List[FileResult]: ...
def to_arrow(records: Sequence[dict], *, table: Table = "indicators") -> pyarrow.Table: ...
def convert_arrow(
    sources: Union[BatchItem, Iterable[BatchItem]],
    *,
    table: Table = "indicators",
    jobs: Optional[int] = None,
    ocr: Ocr = "auto",
    timeout: Optional[float] = None,
    errors: Errors = "return",
) -> pyarrow.Table: ...
def tables(
    source: Source, *, name: Optional[str] = None, timeout: Optional[float] = None
) -> List[dict]: ...
