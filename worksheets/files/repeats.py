"""Files a class hands in twice: the same bytes, or the same content saved again (Excel's GB18030 re-save,
the CSV and the XLSX of one sheet). Counted twice, one student would weigh double in the class's charts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Repeat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    filename: str
    same_as: str  # the earlier file it repeats

    @property
    def message(self) -> str:
        return f"{self.filename}：与“{self.same_as}”内容相同，只计一次。"


class Repeats:
    """What each file read so far held; says whether a new file repeats one of them."""

    def __init__(self) -> None:
        self._seen: list[tuple[object, str]] = []
        self.found: list[Repeat] = []

    def repeated(self, filename: str, content: object) -> bool:
        """True (and noted) when an earlier file held equal content; otherwise the content is remembered."""
        for other, name in self._seen:
            if type(other) is type(content) and other == content:
                self.found.append(Repeat(filename=filename, same_as=name))
                return True
        self._seen.append((content, filename))
        return False


def read_summary(read: int, failed: int, repeated: int) -> str:
    """The line above a roll-up: what was read, what failed, and the repeats counted once."""
    text = f"成功读取 {read} 份，失败 {failed} 份"
    return text + (f"，重复 {repeated} 份（只计一次）。" if repeated else "。")
