async def fetch_all(urls, fetch, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    results = []
    for url in urls:
        try:
            results.append(await fetch(url))
        except Exception as error:
            results.append(error)
    return results
