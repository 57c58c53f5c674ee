def hanoi(n):
    moves = []

    def move(count, source, target, spare):
        if count == 0:
            return
        move(count - 1, source, spare, target)
        moves.append([source, target])
        # bug: the second recursive call moves the stack back instead of onto the target
        move(count - 1, spare, source, target)

    move(n, 1, 3, 2)
    return moves
