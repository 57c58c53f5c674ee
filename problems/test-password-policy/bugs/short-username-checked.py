"""The sign-up form's password policy: check_password raises a PolicyError saying what is wrong."""
import string

MIN_LENGTH = 12
MAX_LENGTH = 64
MIN_USERNAME = 3
COMMON_PASSWORDS = frozenset({"password123!", "qwerty123456!", "letmein12345!", "welcome2024!", "iloveyou123!"})

_CLASSES = (
    ("lowercase", "a lowercase letter", string.ascii_lowercase),
    ("uppercase", "an uppercase letter", string.ascii_uppercase),
    ("digit", "a digit", string.digits),
    ("symbol", "a symbol", string.punctuation),
)
_DESCRIPTIONS = {kind: description for kind, description, _ in _CLASSES}


class PolicyError(ValueError):
    """A password the policy refuses; `rule` names the rule it broke."""

    rule = None


class TooShort(PolicyError):
    rule = "length"


class TooLong(PolicyError):
    rule = "length"


class MissingCharacter(PolicyError):
    rule = "characters"

    def __init__(self, missing):
        self.missing = tuple(missing)
        super().__init__("password needs " + ", ".join(_DESCRIPTIONS[kind] for kind in self.missing))


class ContainsUsername(PolicyError):
    rule = "username"


class CommonPassword(PolicyError):
    rule = "common"


def check_password(password, username=""):
    """Return None when the policy accepts `password`; raise the first rule it breaks otherwise."""
    if not isinstance(password, str):
        raise TypeError("password must be a str")
    if len(password) < MIN_LENGTH:
        raise TooShort(f"password must be at least {MIN_LENGTH} characters, got {len(password)}")
    if len(password) > MAX_LENGTH:
        raise TooLong(f"password must be at most {MAX_LENGTH} characters, got {len(password)}")
    missing = [kind for kind, _, chars in _CLASSES if not any(char in chars for char in password)]
    if missing:
        raise MissingCharacter(missing)
    if username and username.lower() in password.lower():
        raise ContainsUsername("password must not contain the username")
    if password.lower() in COMMON_PASSWORDS:
        raise CommonPassword("password is too common")
