import heapq


def kth_largest(nums, k):
    if k < 1 or k > len(nums):
        raise ValueError("k out of range")
    return heapq.nlargest(k, nums)[-1]
