import functools


def retry(times, exceptions=(Exception,)):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt == times:
                        raise

        return wrapper

    return decorator


EXCEPTIONS = {
    "Exception": Exception,
    "LookupError": LookupError,
    "KeyError": KeyError,
    "ValueError": ValueError,
    "RuntimeError": RuntimeError,
    "ZeroDivisionError": ZeroDivisionError,
}


def call_with_retries(outcomes, times, retry_on=None):
    """Grading harness (do not change).

    Decorates a scripted function with retry(times) (or retry(times, exceptions=...) when
    retry_on names exception classes) and calls it once as flaky(5, y=3). Attempt number i
    raises EXCEPTIONS[outcomes[i - 1]], or returns x + y when that outcome is "ok" or the
    script has run out. Returns [result, attempts made, flaky.__name__, flaky.__doc__].
    """
    calls = []
    if retry_on is None:
        decorator = retry(times)
    else:
        decorator = retry(times, exceptions=tuple(EXCEPTIONS[name] for name in retry_on))

    @decorator
    def flaky(x, y):
        """Scripted flaky operation."""
        calls.append((x, y))
        attempt = len(calls)
        outcome = outcomes[attempt - 1] if attempt <= len(outcomes) else "ok"
        if outcome != "ok":
            raise EXCEPTIONS[outcome]("attempt %d" % attempt)
        return x + y

    result = flaky(5, y=3)
    return [result, len(calls), flaky.__name__, flaky.__doc__]
