import asyncio


async def fetch_all(urls, fetch, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)
    results = []

    async def fetch_one(url):
        async with semaphore:
            try:
                results.append(await fetch(url))
            except Exception as error:
                results.append(error)

    await asyncio.gather(*(fetch_one(url) for url in urls))
    return results
