def first_unique_char(s):
    # Toggles membership, so a character seen three times looks unique again.
    odd = set()
    for ch in s:
        if ch in odd:
            odd.remove(ch)
        else:
            odd.add(ch)
    for i, ch in enumerate(s):
        if ch in odd:
            return i
    return -1
