import asyncio


async def gather_with_timeouts(jobs, timeout):
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    results = []
    for job in jobs:
        # Each job waits for the previous one: the total is the sum, not the maximum.
        try:
            results.append(("ok", await asyncio.wait_for(job(), timeout)))
        except asyncio.TimeoutError:
            results.append(("timeout", None))
        except Exception as error:
            results.append(("error", error))
    return results
