# Run once by the orchestrator, outside the box, with `-I -S`: reports what the interpreter
# needs to see inside the box. Prints one JSON object.
import json
import os
import sys

MODULES = [
    "sqlite3", "ctypes", "decimal", "hashlib", "zlib", "bz2", "lzma", "array", "select", "resource", "mmap",
    "math", "cmath", "json", "pickle", "datetime", "unicodedata", "asyncio", "fcntl", "grp", "pwd", "termios",
    "_posixsubprocess", "pyexpat", "xml.etree.ElementTree", "csv", "zoneinfo", "statistics", "random", "struct",
    "binascii", "heapq", "bisect", "queue", "multiprocessing", "uuid", "contextvars", "fractions",
]
for name in MODULES:
    try:
        __import__(name)
    except Exception:
        pass

libraries = set()
with open("/proc/self/maps") as maps:
    for line in maps:
        parts = line.split()
        if len(parts) >= 6 and parts[5].startswith("/") and ".so" in parts[5]:
            libraries.add(parts[5])

print(json.dumps({
    "version": "%d.%d.%d" % sys.version_info[:3],
    "executable": os.path.realpath(sys.executable),
    "stdlib": os.path.dirname(os.__file__),
    "libraries": sorted(libraries),
}))
