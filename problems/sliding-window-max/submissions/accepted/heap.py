import heapq


def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    heap = []
    result = []
    for i, x in enumerate(nums):
        heapq.heappush(heap, (-x, i))
        if i >= k - 1:
            while heap[0][1] <= i - k:
                heapq.heappop(heap)
            result.append(-heap[0][0])
    return result
