# expect: ok
# stdout: utf-8 utf-8 1 1 1 ééü naïve\n
# about: benign control: stdio is UTF-8 and the interpreter's flags are those of python3 -I -S -B, on both paths (the fork server once started in the C locale, reading UTF-8 stdin as ASCII)
import sys

print(sys.stdin.encoding, sys.stdout.encoding, sys.flags.isolated, sys.flags.no_site, sys.flags.dont_write_bytecode, "ééü", "naïve")
