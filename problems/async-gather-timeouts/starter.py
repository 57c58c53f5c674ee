import asyncio


async def gather_with_timeouts(jobs, timeout):
    """Runs every job concurrently, each allowed `timeout` seconds. Returns, in job order,
    ("ok", value), ("timeout", None) or ("error", exception)."""
    ...
