# expect: ok
# stdout: ['box', 'dev', 'etc', 'lib', 'lib64', 'proc', 'tmp', 'usr']\n
# about: lists the top level of / (exactly the sandbox's minimal root; lib and lib64 are the symlinks the dynamic loader's path needs)
import os

print(sorted(os.listdir("/")))
