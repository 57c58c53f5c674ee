"""URL query strings: "?q=caf%C3%A9+au+lait&tag=a&tag=b" <-> {"q": ["café au lait"], "tag": ["a", "b"]}."""
import string

_HEX = frozenset(string.hexdigits)
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")


def _decode(raw):
    text = raw.replace("+", " ")
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "%":
            escape = text[i + 1 : i + 3]
            if len(escape) < 2 or not _HEX.issuperset(escape):
                raise ValueError(f"bad percent escape: {raw[i : i + 3]!r}")
            out.append(int(escape, 16))
            i += 3
        else:
            out += text[i].encode("utf-8")
            i += 1
    return out.decode("utf-8", errors="replace")


def parse_query(query):
    """Each key of `query` with the list of its values, in order."""
    if query.startswith("?"):
        query = query[1:]
    params = {}
    for piece in query.split("&"):
        if not piece:
            continue
        key, _, value = piece.partition("=")
        value = value.split("=")[0]
        params.setdefault(_decode(key), []).append(_decode(value))
    return params


def _encode(text):
    parts = []
    for char in text:
        if char in _UNRESERVED:
            parts.append(char)
        elif char == " ":
            parts.append("+")
        else:
            parts.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(parts)


def build_query(params):
    """The query string (without "?") that parse_query reads back as `params`."""
    pairs = []
    for key, values in params.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise TypeError(f"value for {key!r} must be a str or a list of str")
        pairs.extend(f"{_encode(key)}={_encode(value)}" for value in values)
    return "&".join(pairs)
