import asyncio


async def fetch_all(urls, fetch, limit):
    """Awaits fetch(url) for every url with at most `limit` in flight; returns the results in
    the order of `urls`, a failed fetch's exception object in its place."""
    ...
