class HitCounter:
    """Counts hits per key over the last `window` seconds: a hit at time t counts at `now`
    while now - window < t <= now."""

    def __init__(self, window):
        ...

    def hit(self, key, timestamp):
        """Records one hit; returns the key's count in the window ending at timestamp."""
        ...

    def count(self, key, now):
        """Hits of key in the window ending at now."""
        ...

    def total(self, now):
        """Hits of all keys in the window ending at now."""
        ...

    def top(self, n, now):
        """The n keys with most hits in the window ending at now, as (key, count) tuples."""
        ...
