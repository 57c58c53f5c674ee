# expect: ok
# stdout: ([3, 7], 'queued item')\n
# about: benign control: asyncio.run of small coroutines (the event loop uses a socketpair and epoll internally)
import asyncio


async def add(a, b):
    await asyncio.sleep(0.01)
    return a + b


async def main():
    queue = asyncio.Queue()
    await queue.put("queued item")
    results = await asyncio.gather(add(1, 2), add(3, 4))
    return results, await queue.get()


print(asyncio.run(main()))
