# The harness's `pandas` mode (loaded by harness.py from /box/frames.py): build the test's
# DataFrames from its dataset, call the candidate's function, and encode what it returned as
# plain JSON for the judge, which compares it OUTSIDE the box. No expected answer is here.
#
# The forms (crates/judge/src/frames.rs reads them; keep the two together):
#   DataFrame  {"type": "frame", "columns": [label...], "dtypes": [...], "rows": [[cell...]...],
#               "index": INDEX}
#   Series     {"type": "series", "name": label, "dtype": ..., "values": [cell...], "index": INDEX}
#   ndarray    {"type": "array", "dtype": ..., "shape": [...], "values": nested lists of cells}
#   scalar     {"type": "scalar", "dtype": ..., "value": cell}
#   INDEX      {"names": [label...], "dtypes": [...], "rows": [[cell per level]...],
#               "default": true when a RangeIndex 0..n-1}
# A cell: None, NaN, NaT and pd.NA are null; numpy numbers are numbers; +-inf is "inf"/"-inf";
# Timestamp and datetime are ISO 8601 text, date too; Timedelta is its str; Decimal a number.
# Anything else cannot be encoded: a wrong answer that names its type and where it is.
#
# The value is the candidate's and may be hostile (a subclass, an object whose __str__ raises
# or lies): every class used here is bound at load, before the candidate's code runs; cells
# are turned into exact builtin types through the builtin classes' own methods; and whatever
# goes wrong while encoding is reported as an answer that cannot be encoded, never as a result.
import datetime
import decimal
import math

import numpy
import pandas

ROW_LIMIT = 10000
COLUMN_LIMIT = 100
ELEMENT_LIMIT = 1000000
TEXT_LIMIT = 1000

DataFrame, Series, Index, RangeIndex, MultiIndex = (
    pandas.DataFrame, pandas.Series, pandas.Index, pandas.RangeIndex, pandas.MultiIndex)
Timestamp, Timedelta, NA, NaT = pandas.Timestamp, pandas.Timedelta, pandas.NA, pandas.NaT
ndarray, generic, integer, floating, bool_ = numpy.ndarray, numpy.generic, numpy.integer, numpy.floating, numpy.bool_
datetime64, timedelta64 = numpy.datetime64, numpy.timedelta64
Datetime, Date, TimeDelta, Decimal = datetime.datetime, datetime.date, datetime.timedelta, decimal.Decimal
isnan, isinf = math.isnan, math.isinf
exact_int, exact_float, exact_str = int.__int__, float.__float__, str.__str__
to_datetime, array = pandas.to_datetime, numpy.array


class Unencodable(Exception):
    pass


def describe_type(value):
    cls = type(value)
    return "%s.%s" % (getattr(cls, "__module__", "?"), getattr(cls, "__qualname__", "?"))


def number(value):
    if isnan(value):
        return None
    if isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def cell(value, where):
    """One value as JSON, or Unencodable naming its type and `where` it is."""
    if value is None or value is NA or value is NaT:
        return None
    if isinstance(value, bool):
        return value is True
    if isinstance(value, bool_):
        return bool_.__bool__(value) is True
    if isinstance(value, int):
        return exact_int(value)
    if isinstance(value, float):
        return number(exact_float(value))
    if isinstance(value, str):
        return exact_str(value)[:TEXT_LIMIT]
    if isinstance(value, integer):
        return exact_int(int(value))
    if isinstance(value, floating):
        return number(exact_float(float(value)))
    if isinstance(value, (Timestamp, datetime64)):
        stamp = Timestamp(value)
        return None if stamp is NaT else exact_str(Timestamp.isoformat(stamp))
    if isinstance(value, Datetime):
        return exact_str(Datetime.isoformat(value))
    if isinstance(value, Date):
        return exact_str(Date.isoformat(value))
    if isinstance(value, (Timedelta, TimeDelta, timedelta64)):
        delta = Timedelta(value)
        return None if delta is NaT else exact_str(Timedelta.__str__(delta))
    if isinstance(value, Decimal):
        if Decimal.is_nan(value):
            return None
        return number(exact_float(Decimal.__float__(value)))
    raise Unencodable("%s holds a %s, which is not a number, text, bool, date or null" % (where, describe_type(value)))


def label(value, where):
    """A column, index or Series name: a cell, or a tuple of them (MultiIndex columns)."""
    if isinstance(value, tuple):
        return [cell(part, where) for part in tuple.__iter__(value)]
    return cell(value, where)


def check_size(rows, columns, what):
    if rows > ROW_LIMIT:
        raise Unencodable("the %s has %d rows: more than %d is an answer gone wrong" % (what, rows, ROW_LIMIT))
    if columns > COLUMN_LIMIT:
        raise Unencodable("the %s has %d columns: more than %d is an answer gone wrong" % (what, columns, COLUMN_LIMIT))


def encode_index(index):
    levels = [index.get_level_values(i) for i in range(index.nlevels)]
    names = [label(name, "the index's name") for name in index.names]
    columns = [[cell(v, "index level %d" % i) for v in level.tolist()] for i, level in enumerate(levels)]
    default = (type(index) is RangeIndex and index.start == 0 and index.step == 1)
    return {
        "names": names,
        "dtypes": [str(level.dtype) for level in levels],
        "rows": [list(row) for row in zip(*columns)] if columns else [],
        "default": bool(default),
    }


def encode_frame(value):
    frame = DataFrame(value)
    rows, width = frame.shape
    check_size(rows, width, "DataFrame")
    check_size(0, frame.index.nlevels, "DataFrame's index")
    columns = [label(name, "column %d's name" % (j + 1)) for j, name in enumerate(frame.columns)]
    cells = []
    dtypes = []
    for j in range(width):
        column = frame.iloc[:, j]
        where = "column %s" % (columns[j],)
        dtypes.append(str(column.dtype))
        cells.append([cell(v, where) for v in column.tolist()])
    return {
        "type": "frame",
        "columns": columns,
        "dtypes": dtypes,
        "rows": [list(row) for row in zip(*cells)] if cells else [[] for _ in range(rows)],
        "index": encode_index(frame.index),
    }


def encode_series(value):
    series = Series(value)
    check_size(len(series), 1, "Series")
    check_size(0, series.index.nlevels, "Series' index")
    return {
        "type": "series",
        "name": label(series.name, "the Series' name"),
        "dtype": str(series.dtype),
        "values": [cell(v, "the Series") for v in series.tolist()],
        "index": encode_index(series.index),
    }


def encode_array(value):
    values = array(value, copy=True)
    if values.size > ELEMENT_LIMIT:
        raise Unencodable("the array has %d elements: more than %d is an answer gone wrong" % (values.size, ELEMENT_LIMIT))
    shape = [int(n) for n in values.shape]
    if values.dtype.kind in "mM":
        flat = [cell(values.flat[i], "the array") for i in range(values.size)]
    else:
        flat = [cell(v, "the array") for v in values.ravel().tolist()]
    return {"type": "array", "dtype": str(values.dtype), "shape": shape, "values": nest(flat, shape)}


def nest(flat, shape):
    if not shape:
        return flat[0] if flat else None
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def scalar_dtype(value):
    if isinstance(value, generic):
        return str(value.dtype)
    for cls in (bool, int, float, str):
        if isinstance(value, cls):
            return cls.__name__
    return None if value is None else type(value).__name__


def encode(value):
    """The answer as JSON (see the forms above), or Unencodable."""
    if isinstance(value, DataFrame):
        return encode_frame(value)
    if isinstance(value, Series):
        return encode_series(value)
    if isinstance(value, ndarray):
        return encode_array(value)
    if isinstance(value, (list, tuple, dict, set, Index)):
        raise Unencodable("the function returned a %s: return a DataFrame, a Series, a numpy array or a single value"
                          % describe_type(value))
    return {"type": "scalar", "dtype": scalar_dtype(value), "value": cell(value, "the value")}


def build_frames(tables, names, dates, types):
    """The test's frames, in the order of `names`: `pd.DataFrame(rows, columns=columns)`, each
    `types` column cast with astype, then each `dates` column through pd.to_datetime."""
    frames = []
    for name in names:
        table = tables[name]
        frame = DataFrame(table["rows"], columns=table["columns"])
        for qualified, dtype in types.items():
            owner, column = qualified.split(".", 1)
            if owner == name:
                frame[column] = frame[column].astype(dtype)
        for date in dates:
            owner, column = date.split(".", 1)
            if owner == name:
                frame[column] = to_datetime(frame[column])
        frames.append(frame)
    return frames


def argument(value):
    """A test's argument: JSON, with {"$array": ..., "dtype": ...} made a numpy array."""
    if isinstance(value, list):
        return [argument(v) for v in value]
    if isinstance(value, dict):
        if "$array" in value:
            return array(value["$array"], dtype=value.get("dtype"))
        return {k: argument(v) for k, v in value.items()}
    return value


def run(request, load_entry, describe_exception):
    try:
        frames = build_frames(request["tables"] or {}, request["frames"], request["dates"], request["types"])
        args = [argument(v) for v in request["args"]]
        kwargs = {k: argument(v) for k, v in request["kwargs"].items()}
    except Exception as exc:
        return {"status": "fixture_error", "message": "%s: %s" % (type(exc).__name__, exc)}
    target, missing = load_entry(request["entry"])
    if missing:
        return missing
    try:
        value = target(*frames, *args, **kwargs)
    except Exception as exc:
        return dict(status="raised", **describe_exception(exc))
    try:
        return {"status": "returned", "value": encode(value)}
    except Unencodable as exc:
        return {"status": "not_json", "message": str(exc)}
    except MemoryError:
        raise
    except BaseException as exc:
        # The answer's own code ran while it was read (a property, __str__, a subclass's
        # method) and failed: what it returned cannot be read, which is its fault.
        try:
            why = "%s" % (describe_type(exc),)
        except BaseException:
            why = "an exception"
        return {"status": "not_json", "message": "the answer could not be read as a value: reading it raised %s" % why}
