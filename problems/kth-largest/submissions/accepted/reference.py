import heapq


def kth_largest(nums, k):
    if not 1 <= k <= len(nums):
        raise ValueError("k out of range")
    heap = []
    for x in nums:
        if len(heap) < k:
            heapq.heappush(heap, x)
        elif x > heap[0]:
            heapq.heapreplace(heap, x)
    return heap[0]
