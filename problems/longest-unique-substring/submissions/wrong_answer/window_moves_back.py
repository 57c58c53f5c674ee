def length_of_longest_substring(s):
    last_seen = {}
    start = best = 0
    for i, ch in enumerate(s):
        if ch in last_seen:
            start = last_seen[ch] + 1  # bug: can move the window start backwards
        last_seen[ch] = i
        best = max(best, i - start + 1)
    return best
