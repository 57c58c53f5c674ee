def merge_sorted(a, b):
    i = j = 0
    merged = []
    while i < len(a) or j < len(b):
        if j == len(b) or (i < len(a) and a[i] <= b[j]):
            x = a[i]
            i += 1
        else:
            x = b[j]
            j += 1
        # bug: equal values are collapsed
        if not merged or merged[-1] != x:
            merged.append(x)
    return merged
