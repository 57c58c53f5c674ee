from collections import deque


def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    k = min(k, len(nums))
    if k == 0:
        return []
    window = deque()
    result = []
    for i, x in enumerate(nums):
        while window and nums[window[-1]] <= x:
            window.pop()
        window.append(i)
        if window[0] <= i - k:
            window.popleft()
        if i >= k - 1:
            result.append(nums[window[0]])
    return result
