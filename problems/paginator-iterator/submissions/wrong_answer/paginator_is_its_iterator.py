class Paginator:
    """Iterates over itself: one cursor shared by every loop."""

    def __init__(self, items, per_page):
        if type(per_page) is not int or per_page < 1:
            raise ValueError("per_page must be a positive int")
        self.items = items
        self.per_page = per_page
        self.page_number = 0

    def __len__(self):
        return -(-len(self.items) // self.per_page)

    def page(self, number):
        if type(number) is not int or not 1 <= number <= len(self):
            raise IndexError(f"no page {number}: there are {len(self)} pages")
        start = (number - 1) * self.per_page
        return list(self.items[start:start + self.per_page])

    def __iter__(self):
        self.page_number = 0
        return self

    def __next__(self):
        if self.page_number >= len(self):
            raise StopIteration
        self.page_number += 1
        return self.page(self.page_number)

    def remaining(self):
        return max(0, len(self) - self.page_number)


PageIterator = Paginator
