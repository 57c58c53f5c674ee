# Counter.most_common breaks ties by first insertion, not by key.
from collections import Counter, deque


class HitCounter:
    def __init__(self, window):
        if type(window) is not int or window <= 0:
            raise ValueError(f"window must be a positive int, got {window!r}")
        self.window = window
        self.hits = deque()
        self.counts = Counter()
        self.latest = None

    def _advance(self, now):
        if self.latest is not None and now < self.latest:
            raise ValueError(f"time went backwards: {now} < {self.latest}")
        self.latest = now
        while self.hits and self.hits[0][0] <= now - self.window:
            _, key = self.hits.popleft()
            self.counts[key] -= 1
            if not self.counts[key]:
                del self.counts[key]

    def hit(self, key, timestamp):
        self._advance(timestamp)
        self.hits.append((timestamp, key))
        self.counts[key] += 1
        return self.counts[key]

    def count(self, key, now):
        self._advance(now)
        return self.counts[key]

    def total(self, now):
        self._advance(now)
        return len(self.hits)

    def top(self, n, now):
        self._advance(now)
        return self.counts.most_common(n)
