"""Digest problems: every one names the file, the line, what was found and
what was expected. Readers collect them instead of raising."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"  # a file or an entry was not read: always fails `check` and a strict build
WARNING = "warning"  # read, but something is wrong or guessed: fails `check --strict`
NOTICE = "notice"  # read, and the difference is known and explained: shown, never fails a check


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR, WARNING or NOTICE
    source: str
    line: int  # 0 when the problem is about the whole file
    found: str
    expected: str
    skip_reason: str = ""  # set when the problem drops an entry

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.level}: found {self.found}; expected {self.expected}"


class DigestError(Exception):
    """A file that cannot be read as any digest. Carries its problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class ProblemLog:
    """Collects the problems of one file while it is read."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def warn(self, line: int, found: str, expected: str) -> None:
        self.problems.append(Problem(WARNING, self.source, line, found, expected))

    def notice(self, line: int, found: str, expected: str) -> None:
        self.problems.append(Problem(NOTICE, self.source, line, found, expected))

    def error(self, line: int, found: str, expected: str) -> None:
        self.problems.append(Problem(ERROR, self.source, line, found, expected))

    def skip(self, line: int, found: str, expected: str, reason: str) -> None:
        """An entry is dropped: an error that is counted by reason."""
        self.problems.append(Problem(ERROR, self.source, line, found, expected, reason))

    def fail(self, line: int, found: str, expected: str) -> DigestError:
        return DigestError(Problem(ERROR, self.source, line, found, expected))


def quote(text: str, limit: int = 60) -> str:
    """A short, single-line, repr-style quote of digest text for messages."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)
