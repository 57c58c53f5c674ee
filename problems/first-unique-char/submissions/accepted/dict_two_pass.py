def first_unique_char(s):
    seen = {}
    for ch in s:
        seen[ch] = seen.get(ch, 0) + 1
    return next((i for i, ch in enumerate(s) if seen[ch] == 1), -1)
