# Leaves an object with an unknown tag as a dict instead of raising.
import base64
import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal

DECODERS = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "decimal": Decimal,
    "set": set,
    "frozenset": frozenset,
    "bytes": base64.b64decode,
}
CLASSES = {}


def register(cls):
    name = cls.__name__
    if name in DECODERS or name in CLASSES:
        raise ValueError(f"tag already registered: {name!r}")
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{name} is not a dataclass")
    CLASSES[name] = cls
    return cls


def _tagged(tag, value):
    return {"__type__": tag, "value": value}


def _default(obj):
    if isinstance(obj, datetime):
        return _tagged("datetime", obj.isoformat())
    if isinstance(obj, date):
        return _tagged("date", obj.isoformat())
    if isinstance(obj, Decimal):
        return _tagged("decimal", str(obj))
    if isinstance(obj, (set, frozenset)):
        return _tagged("frozenset" if isinstance(obj, frozenset) else "set", sorted(obj))
    if isinstance(obj, bytes):
        return _tagged("bytes", base64.b64encode(obj).decode("ascii"))
    cls = CLASSES.get(type(obj).__name__)
    if cls is type(obj):
        return _tagged(cls.__name__, {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def _hook(obj):
    if obj.keys() != {"__type__", "value"}:
        return obj
    tag = obj["__type__"]
    if tag in DECODERS:
        return DECODERS[tag](obj["value"])
    if tag in CLASSES:
        return CLASSES[tag](**obj["value"])
    return obj


def dumps(obj, **kwargs):
    return json.dumps(obj, default=_default, **kwargs)


def loads(text):
    return json.loads(text, object_hook=_hook)
