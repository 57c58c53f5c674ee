import json


def register(cls):
    """Class decorator: lets dumps/loads carry instances of the dataclass `cls`."""
    ...


def dumps(obj, **kwargs):
    """json.dumps that also writes dates, datetimes, Decimals, sets, frozensets, bytes and
    registered dataclasses as {"__type__": tag, "value": ...} objects."""
    ...


def loads(text):
    """json.loads that turns those tagged objects back into their values."""
    ...
