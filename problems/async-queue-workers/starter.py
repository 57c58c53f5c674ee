import asyncio


async def run_pipeline(items, handle, workers=2, maxsize=0):
    """Feeds `items` through an asyncio.Queue(maxsize) to `workers` consumer tasks that each
    await handle(item). Returns the results in the order of `items` (a failed item's exception
    object in its place); no worker task is left running when it returns."""
    ...
