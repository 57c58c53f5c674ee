import asyncio


async def gather_with_timeouts(jobs, timeout):
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    tasks = []
    for job in jobs:
        try:
            tasks.append(asyncio.ensure_future(job()))
        except Exception as error:
            tasks.append(error)
    pending_tasks = [t for t in tasks if isinstance(t, asyncio.Future)]
    if pending_tasks:
        await asyncio.wait(pending_tasks, timeout=timeout)
    results = []
    for task in tasks:
        if not isinstance(task, asyncio.Future):
            results.append(("error", task))
        elif not task.done():
            task.cancel()  # asks for cancellation but returns before the task has unwound
            results.append(("timeout", None))
        elif task.exception() is not None:
            results.append(("error", task.exception()))
        else:
            results.append(("ok", task.result()))
    return results
