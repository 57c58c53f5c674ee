# Takes any uppercase word as the level: WARN and INFORMATION pass.
import re
from datetime import datetime, timezone

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LINE = re.compile(
    r"(?P<timestamp>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)"
    r" (?P<level>[A-Z]+)"
    r" \[(?P<component>[a-z][a-z0-9_.-]*)\]"
    r" (?P<message>\S.*)"
)
FIELD = re.compile(r'(?<!\S)(?P<key>[a-z_][a-z0-9_]*)=(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]\S*))')


class LogFormatError(ValueError):
    def __init__(self, line, line_no=None):
        where = f"line {line_no}: " if line_no is not None else ""
        super().__init__(f"{where}not a log line: {line!r}")
        self.line_no = line_no


def parse_line(line, line_no=None):
    text = line.removesuffix("\n").removesuffix("\r")
    match = LINE.fullmatch(text)
    if match is None:
        raise LogFormatError(text, line_no)
    try:
        when = datetime.strptime(match["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise LogFormatError(text, line_no) from None
    fields = {}
    for field in FIELD.finditer(match["message"]):
        value = field["quoted"] if field["quoted"] is not None else field["bare"]
        fields[field["key"]] = value
    return {"timestamp": when, "level": match["level"], "component": match["component"],
            "message": match["message"], "fields": fields}


def summarize(lines, strict=False):
    levels = dict.fromkeys(LEVELS, 0)
    bad_lines = []
    errors = []
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = parse_line(line, line_no)
        except LogFormatError:
            if strict:
                raise
            bad_lines.append(line_no)
            continue
        levels[record["level"]] = levels.get(record["level"], 0) + 1
        if record["level"] in ("ERROR", "CRITICAL"):
            errors.append((line_no, record["component"], record["message"]))
    return {"levels": levels, "errors": errors, "bad_lines": bad_lines}
