def group_anagrams(words):
    groups = {}
    for word in words:
        groups.setdefault(frozenset(word), []).append(word)
    return sorted(sorted(g) for g in groups.values())
