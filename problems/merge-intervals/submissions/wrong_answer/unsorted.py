def merge_intervals(intervals):
    merged = []
    # bug: assumes the input is already sorted
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
