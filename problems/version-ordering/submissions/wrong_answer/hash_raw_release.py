import functools
import re

_VERSION = re.compile(r"([0-9]+(?:\.[0-9]+){0,3})(?:-([0-9A-Za-z]+))?")


@functools.total_ordering
class Version:
    def __init__(self, text):
        if not isinstance(text, str):
            raise TypeError("version must be a string")
        match = _VERSION.fullmatch(text)
        if match is None:
            raise ValueError(f"invalid version: {text!r}")
        self._release = tuple(int(part) for part in match.group(1).split("."))
        self._pre = match.group(2)

    @property
    def release(self):
        return self._release

    @property
    def pre(self):
        return self._pre

    @property
    def is_prerelease(self):
        return self._pre is not None

    def _key(self):
        release = list(self._release)
        while len(release) > 1 and release[-1] == 0:
            release.pop()
        # A pre-release sorts before its release: (0, label) < (1, "").
        return (tuple(release), (0, self._pre) if self._pre is not None else (1, ""))

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() == other._key()

    def __lt__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()

    def __hash__(self):
        return hash((self._release, self._pre))

    def __str__(self):
        text = ".".join(str(part) for part in self._release)
        return f"{text}-{self._pre}" if self._pre is not None else text

    def __repr__(self):
        return f"Version({str(self)!r})"
