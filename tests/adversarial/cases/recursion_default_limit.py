# expect: runtime_error
# about: unbounded Python recursion under the default recursion limit (RecursionError, uncaught)
def down(n):
    return down(n + 1)


down(0)
