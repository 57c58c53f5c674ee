import asyncio


async def run_pipeline(items, handle, workers=2, maxsize=0):
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if maxsize < 0:
        raise ValueError("maxsize must be at least 0")
    queue = asyncio.Queue(maxsize)
    results = []

    async def worker():
        while True:
            item = await queue.get()
            try:
                if item is None:
                    return
                try:
                    results.append(await handle(item))
                except Exception as error:
                    results.append(error)
            finally:
                queue.task_done()

    consumers = [asyncio.create_task(worker()) for _ in range(workers)]
    for item in items:
        await queue.put(item)
    for _ in consumers:
        await queue.put(None)
    await asyncio.gather(*consumers)
    return results
