from verdict import sample


@sample
def test_fibonacci_runs_once_per_argument(solution, check):
    calls = []

    @solution.memoize
    def fib(k):
        """Fibonacci number k."""
        calls.append(k)
        return k if k < 2 else fib(k - 1) + fib(k - 2)

    check(fib(10))
    check(fib(10))
    check(len(calls))
    check(fib.__name__)


@sample
def test_each_function_has_its_own_cache(solution, check):
    @solution.memoize
    def double(x):
        return 2 * x

    @solution.memoize
    def square(x):
        return x * x

    check(double(3))
    check(square(3))


def fib_and_lucas(solution):
    """Two separately memoized recursive functions and the arguments each body ran with."""
    calls = {"fib": [], "lucas": []}

    @solution.memoize
    def fib(k):
        """Fibonacci number k."""
        calls["fib"].append(k)
        return k if k < 2 else fib(k - 1) + fib(k - 2)

    @solution.memoize
    def lucas(k):
        """Lucas number k."""
        calls["lucas"].append(k)
        return 2 - k if k < 2 else lucas(k - 1) + lucas(k - 2)

    return fib, lucas, calls


def test_small_arguments(solution, check):
    for n in (0, 1, 2, 3):
        fib, lucas, calls = fib_and_lucas(solution)
        check([fib(n), fib(n), lucas(n), len(calls["fib"]), len(calls["lucas"])], label="n = %d" % n)


def test_five(solution, check):
    fib, lucas, calls = fib_and_lucas(solution)
    check([fib(5), fib(5), lucas(5)])
    check(calls)


def test_twenty_and_thirty(solution, check):
    fib, lucas, calls = fib_and_lucas(solution)
    check([fib(20), lucas(20), len(calls["fib"]), len(calls["lucas"])])
    check([fib(30), lucas(30), len(calls["fib"]), len(calls["lucas"])])


def test_fifty_and_ninety(solution, check):
    fib, lucas, calls = fib_and_lucas(solution)
    check([fib(50), fib(50), lucas(50), len(calls["fib"]), len(calls["lucas"])])
    check([fib(90), lucas(90), len(calls["fib"]), len(calls["lucas"])])


def test_past_64_bits(solution, check):
    fib, lucas, calls = fib_and_lucas(solution)
    for n in range(0, 201, 50):
        fib(n)
    check(fib(200))
    check(len(calls["fib"]))


def test_falsy_results_are_cached(solution, check):
    calls = []

    @solution.memoize
    def falsy(kind):
        calls.append(kind)
        return {"zero": 0, "none": None, "empty": "", "false": False}[kind]

    for kind in ("zero", "none", "empty", "false") * 3:
        falsy(kind)
    check(calls)
    check([falsy("zero"), falsy("none"), falsy("empty"), falsy("false")])


def test_keyword_arguments_are_part_of_the_key(solution, check):
    calls = []

    @solution.memoize
    def area(width, height=1):
        calls.append((width, height))
        return width * height

    check([area(2, height=3), area(2, height=3), area(2, height=4), area(2), area(width=5, height=6),
           area(height=6, width=5)])
    check(calls)


def test_a_call_that_raises_stores_nothing(solution, check):
    calls = []

    @solution.memoize
    def fragile(x):
        calls.append(x)
        if len(calls) == 1:
            raise ValueError("first call fails")
        return x * 10

    with check.raises():
        fragile(1)
    check(fragile(1))
    check(fragile(1))
    check(calls)


def test_wraps_keeps_name_and_doc(solution, check):
    def original(x):
        """The documented original."""
        return x

    decorated = solution.memoize(original)
    check([decorated.__name__, decorated.__doc__])
    check(decorated("same"))


def test_equal_arguments_share_an_entry(solution, check):
    calls = []

    @solution.memoize
    def describe(value):
        calls.append(value)
        return repr(value)

    check([describe(1), describe(1.0), describe((1, 2)), describe((1, 2)), describe("1")])
    check(len(calls))
