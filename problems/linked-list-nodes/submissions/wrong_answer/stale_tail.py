class Node:
    """One cell of a LinkedList. Read-only from outside: value() and next()."""

    __slots__ = ("_value", "_next", "_owner")

    def __init__(self, value, owner):
        self._value = value
        self._next = None
        self._owner = owner

    def value(self):
        return self._value

    def next(self):
        return self._next


class LinkedList:
    """A singly linked list with O(1) push_front, append and len."""

    def __init__(self, values=()):
        self._head = None
        self._tail = None
        self._size = 0
        for value in values:
            self.append(value)

    def head(self):
        return self._head

    def tail(self):
        return self._tail

    def __len__(self):
        return self._size

    def __iter__(self):
        node = self._head
        while node is not None:
            yield node._value
            node = node._next

    def __contains__(self, value):
        return self.find(value) is not None

    def find(self, value):
        node = self._head
        while node is not None:
            if node._value == value:
                return node
            node = node._next
        return None

    def push_front(self, value):
        node = Node(value, self)
        node._next = self._head
        self._head = node
        if self._tail is None:
            self._tail = node
        self._size += 1
        return node

    def append(self, value):
        node = Node(value, self)
        if self._tail is None:
            self._head = node
        else:
            self._tail._next = node
        self._tail = node
        self._size += 1
        return node

    def insert_after(self, node, value):
        if not isinstance(node, Node) or node._owner is not self:
            raise ValueError("node is not in this list")
        new = Node(value, self)
        new._next = node._next
        node._next = new
        if node is self._tail:
            self._tail = new
        self._size += 1
        return new

    def pop_front(self):
        if self._head is None:
            raise IndexError("pop from empty list")
        node = self._head
        self._unlink(None, node)
        return node._value

    def remove(self, value):
        previous = None
        node = self._head
        while node is not None:
            if node._value == value:
                self._unlink(previous, node)
                return
            previous, node = node, node._next
        raise ValueError(f"{value!r} not in list")

    def _unlink(self, previous, node):
        if previous is None:
            self._head = node._next
        else:
            previous._next = node._next
        node._next = None
        node._owner = None
        self._size -= 1

    def reverse(self):
        previous = None
        node = self._head
        self._tail = node
        while node is not None:
            node._next, previous, node = previous, node, node._next
        self._head = previous

    def __repr__(self):
        return f"LinkedList({list(self)!r})"
