# expect: runtime_error
# about: sys.setrecursionlimit(10**8) then unbounded recursion through a C-level call, overflowing the C stack (SIGSEGV)
import sys

sys.setrecursionlimit(10**8)


def down(n):
    # Python 3.11 runs plain Python-to-Python calls without growing the C
    # stack; going through the method-wrapper __call__ re-enters the C eval
    # loop at every level (~300 bytes of C stack each), so the 8 MiB stack
    # overflows after some tens of thousands of levels.
    return down.__call__(n + 1)


down(0)
