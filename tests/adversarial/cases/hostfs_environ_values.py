# expect: ok
# stdout: HOME=/tmp\nLANG=C.UTF-8\nMKL_NUM_THREADS=1\nOMP_NUM_THREADS=1\nOPENBLAS_NUM_THREADS=1\nPATH=/usr/bin\nTMPDIR=/tmp\n
# about: prints the whole environment, sorted, as NAME=value lines (values must be the sandbox's own)
import os

for key in sorted(os.environ):
    print(f"{key}={os.environ[key]}")
