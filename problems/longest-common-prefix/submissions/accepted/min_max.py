def longest_common_prefix(words):
    if not words:
        return ""
    first, last = min(words), max(words)
    for i, (a, b) in enumerate(zip(first, last)):
        if a != b:
            return first[:i]
    return first
