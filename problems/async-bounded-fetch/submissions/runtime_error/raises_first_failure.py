import asyncio


async def fetch_all(urls, fetch, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)

    async def fetch_one(url):
        async with semaphore:
            return await fetch(url)

    return await asyncio.gather(*(fetch_one(url) for url in urls))
