def hanoi(n):
    # bug: n == 0 should be an empty list
    if n <= 1:
        return [[1, 3]]

    def move(count, source, target, spare):
        if count == 1:
            return [[source, target]]
        return (move(count - 1, source, spare, target) + [[source, target]]
                + move(count - 1, spare, target, source))

    return move(n, 1, 3, 2)
