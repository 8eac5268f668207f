from typing import Any, List, Optional, Tuple

__version__: str
__all__ = ["convert_many", "convert_arrow_many", "to_arrow", "tables_many", "schema", "__version__"]

def convert_many(
    items: list, jobs: int = 0, ocr: str = "auto", timeout: Optional[float] = None
) -> List[Tuple[str, str, Optional[str], List[str]]]: ...
def convert_arrow_many(
    items: list,
    table: str = "indicators",
    jobs: int = 0,
    ocr: str = "auto",
    timeout: Optional[float] = None,
) -> Tuple[Any, List[Tuple[str, str, Optional[str]]]]: ...
def to_arrow(records: Any, table: str = "indicators", plain: bool = True) -> Any: ...
def tables_many(
    items: list, jobs: int = 0, timeout: Optional[float] = None
) -> List[Tuple[str, str, Optional[str], str]]: ...
def schema(table: str = "indicators") -> Any: ...
