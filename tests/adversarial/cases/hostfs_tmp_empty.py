# expect: ok
# stdout: /tmp []\n
# about: prints the working directory and its listing (a fresh, empty private scratch dir, nothing left by earlier runs)
import os

print(os.getcwd(), sorted(os.listdir(".")))
