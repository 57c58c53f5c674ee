# expect: ok
# stdout: ['HOME', 'LANG', 'PATH', 'TMPDIR']\n
# about: prints the sorted environment variable names (nothing may come from the host)
import os

print(sorted(os.environ))
