import asyncio


async def fetch_all(urls, fetch, limit):
    """Awaits fetch(url) for every url, at most `limit` at a time; results in the order of urls,
    a failed fetch's exception in its place."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)

    async def fetch_one(url):
        async with semaphore:
            try:
                return await fetch(url)
            except Exception as error:
                return error

    return await asyncio.gather(*(fetch_one(url) for url in urls))
