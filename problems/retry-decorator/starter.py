import functools


def retry(times: int, exceptions: tuple = (Exception,)):
    """Decorator factory: retry the decorated function up to `times` attempts."""
    ...
