class Paginator:
    def __init__(self, items, per_page):
        ...

    def __len__(self):
        ...

    def page(self, number):
        ...

    def __iter__(self):
        """A new PageIterator on every call."""
        ...


class PageIterator:
    def __init__(self, paginator):
        ...

    def __iter__(self):
        ...

    def __next__(self):
        ...

    def remaining(self):
        ...
