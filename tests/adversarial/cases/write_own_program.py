# expect: ok
# stdout: blocked\n
# about: tries to open its own program file under /box for appending (nothing is written even if it opens)
import os

try:
    fd = os.open(os.path.abspath(__file__), os.O_WRONLY | os.O_APPEND)
except OSError:
    print("blocked")
else:
    os.close(fd)
    print(f"LEAK: program file {__file__} is writable")
