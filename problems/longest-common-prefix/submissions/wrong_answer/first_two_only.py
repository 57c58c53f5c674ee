def longest_common_prefix(words):
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    a, b = words[0], words[-1]
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]
