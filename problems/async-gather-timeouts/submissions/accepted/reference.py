import asyncio


async def gather_with_timeouts(jobs, timeout):
    """Runs every job concurrently, each allowed `timeout` seconds; returns, in job order,
    ("ok", value), ("timeout", None) or ("error", exception)."""
    if timeout <= 0:
        raise ValueError("timeout must be positive")

    async def run(job):
        try:
            return ("ok", await asyncio.wait_for(job(), timeout))
        except asyncio.TimeoutError:
            return ("timeout", None)
        except Exception as error:
            return ("error", error)

    return await asyncio.gather(*(run(job) for job in jobs))
