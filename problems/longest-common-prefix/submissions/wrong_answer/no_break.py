def longest_common_prefix(words):
    # Keeps every column where all words agree, not only the leading ones.
    if not words:
        return ""
    return "".join(column[0] for column in zip(*words) if len(set(column)) == 1)
