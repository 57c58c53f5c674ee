class LRUCache:
    """Fixed-capacity cache evicting the least recently used key; get/put in O(1)."""

    def __init__(self, capacity):
        ...

    def get(self, key):
        """Value for key (marking it most recently used), or -1."""
        ...

    def put(self, key, value):
        """Insert or update key, evicting the least recently used key if over capacity."""
        ...
