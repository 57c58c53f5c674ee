def length_of_longest_substring(s):
    # bug: counts distinct characters of the whole string, capped by the first repeat run
    best = current = 0
    seen = set()
    for ch in s:
        if ch in seen:
            best = max(best, current)
            seen = {ch}
            current = 1
        else:
            seen.add(ch)
            current += 1
    return max(best, current)
