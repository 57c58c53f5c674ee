import heapq


def kth_largest(nums, k):
    """The k-th largest value in nums (duplicates count); ValueError if k is out of range."""
    ...
