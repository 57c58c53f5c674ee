def kth_largest(nums, k):
    if k < 1 or k > len(nums):
        raise ValueError("k out of range")
    # bug: duplicates are removed, so "k-th largest distinct" is returned
    values = sorted(set(nums), reverse=True)
    return values[min(k, len(values)) - 1]
