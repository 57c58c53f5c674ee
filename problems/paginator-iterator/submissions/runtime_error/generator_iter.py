class Paginator:
    """Pages over a sequence. Iterable (again and again), not an iterator itself."""

    def __init__(self, items, per_page):
        if type(per_page) is not int or per_page < 1:
            raise ValueError("per_page must be a positive int")
        self.items = items
        self.per_page = per_page

    def __len__(self):
        return -(-len(self.items) // self.per_page)

    def page(self, number):
        if type(number) is not int or not 1 <= number <= len(self):
            raise IndexError(f"no page {number}: there are {len(self)} pages")
        start = (number - 1) * self.per_page
        return list(self.items[start:start + self.per_page])

    def __iter__(self):
        for number in range(1, len(self) + 1):
            yield self.page(number)


class PageIterator:
    """One pass over a paginator's pages."""

    def __init__(self, paginator):
        self._paginator = paginator
        self.page_number = 0
        self._exhausted = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._exhausted or self.page_number >= len(self._paginator):
            self._exhausted = True
            raise StopIteration
        self.page_number += 1
        return self._paginator.page(self.page_number)

    def remaining(self):
        if self._exhausted:
            return 0
        return max(0, len(self._paginator) - self.page_number)
