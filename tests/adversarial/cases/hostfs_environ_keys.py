# expect: ok
# stdout: ['HOME', 'LANG', 'MKL_NUM_THREADS', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH', 'TMPDIR']\n
# about: prints the sorted environment variable names (nothing may come from the host)
import os

print(sorted(os.environ))
