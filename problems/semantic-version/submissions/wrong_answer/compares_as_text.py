# Orders versions by their text, so "1.10.0" sorts before "1.9.0".
import re
from dataclasses import dataclass, field, replace
from functools import total_ordering

VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\+([0-9A-Za-z.-]+))?")


@total_ordering
@dataclass(frozen=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0
    build: str = field(default="", compare=False)

    def __post_init__(self):
        for name in ("major", "minor", "patch"):
            value = getattr(self, name)
            if type(value) is not int:
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
            if value < 0:
                raise ValueError(f"{name} must be >= 0, got {value}")

    def __lt__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return f"{self.major}.{self.minor}.{self.patch}" < f"{other.major}.{other.minor}.{other.patch}"

    @classmethod
    def parse(cls, text):
        match = VERSION.fullmatch(text)
        if match is None:
            raise ValueError(f"invalid version: {text!r}")
        major, minor, patch, build = match.groups()
        return cls(int(major), int(minor), int(patch), build or "")

    def bump(self, part):
        if part == "major":
            return replace(self, major=self.major + 1, minor=0, patch=0, build="")
        if part == "minor":
            return replace(self, minor=self.minor + 1, patch=0, build="")
        if part == "patch":
            return replace(self, patch=self.patch + 1, build="")
        raise ValueError(f"unknown part: {part!r}")

    def __str__(self):
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}+{self.build}" if self.build else core
