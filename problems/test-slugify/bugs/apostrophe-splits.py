"""URL slugs: "Crème Brûlée, Don't Panic!" -> "creme-brulee-dont-panic"."""
import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def _words(text):
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded.lower())


def slugify(text, separator="-", max_length=None):
    """The slug of `text`: lowercase ASCII words joined by `separator`, at most `max_length` long."""
    if not separator:
        raise ValueError("separator must not be empty")
    if max_length is not None and max_length < 1:
        raise ValueError("max_length must be at least 1")
    words = _words(text)
    if max_length is None:
        return separator.join(words)
    slug = ""
    for word in words:
        candidate = slug + separator + word if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    return slug
