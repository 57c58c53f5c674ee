# expect: ok
# stdout: temporary data\nTrue ['data.txt']\nFalse\n
# about: benign control: tempfile.TemporaryDirectory under TMPDIR, a file written and read inside it, cleaned up afterwards
import os
import tempfile

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "data.txt")
    with open(path, "w") as f:
        f.write("temporary data")
    with open(path) as f:
        print(f.read())
    print(os.path.dirname(d) == "/tmp", os.listdir(d))
print(os.path.exists(d))
