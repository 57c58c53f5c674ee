# Keeps every hit forever in a list and scans it on every call: right answers, quadratic time.
class HitCounter:
    def __init__(self, window):
        if type(window) is not int or window <= 0:
            raise ValueError(f"window must be a positive int, got {window!r}")
        self.window = window
        self.hits = []
        self.latest = None

    def _check(self, now):
        if self.latest is not None and now < self.latest:
            raise ValueError(f"time went backwards: {now} < {self.latest}")
        self.latest = now

    def _live(self, now):
        return [(t, key) for t, key in self.hits if now - self.window < t <= now]

    def hit(self, key, timestamp):
        self._check(timestamp)
        self.hits.append((timestamp, key))
        return self.count(key, timestamp)

    def count(self, key, now):
        self._check(now)
        return sum(1 for _, k in self._live(now) if k == key)

    def total(self, now):
        self._check(now)
        return len(self._live(now))

    def top(self, n, now):
        self._check(now)
        counts = {}
        for _, key in self._live(now):
            counts[key] = counts.get(key, 0) + 1
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:n]
