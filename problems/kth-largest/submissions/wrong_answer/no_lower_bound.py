import heapq


def kth_largest(nums, k):
    # bug: k <= 0 is not rejected
    if k > len(nums):
        raise ValueError("k out of range")
    return sorted(nums)[-k]
