from dataclasses import dataclass, field


@dataclass(frozen=True)
class Version:
    """An immutable semantic version MAJOR.MINOR.PATCH[+BUILD]; build metadata is not compared."""

    major: int
    minor: int = 0
    patch: int = 0
    build: str = ""

    def __post_init__(self):
        """Check the types and signs of major, minor and patch."""
        ...

    @classmethod
    def parse(cls, text):
        """Version.parse("1.2.3+build.7") -> Version(1, 2, 3, "build.7"); ValueError if malformed."""
        ...

    def bump(self, part):
        """A new version with "major", "minor" or "patch" increased and the lower parts reset."""
        ...

    def __str__(self):
        ...
