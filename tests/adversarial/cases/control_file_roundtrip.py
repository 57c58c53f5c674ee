# expect: ok
# stdout: line 0\nline 1\nline 2\n21 ['notes.txt']\n[]\n
# about: benign control: writes a small file in the working directory, reads it back, lists the directory and removes the file
import os

with open("notes.txt", "w") as f:
    for i in range(3):
        f.write(f"line {i}\n")
with open("notes.txt") as f:
    content = f.read()
print(content, end="")
print(os.path.getsize("notes.txt"), sorted(os.listdir(".")))
os.remove("notes.txt")
print(sorted(os.listdir(".")))
