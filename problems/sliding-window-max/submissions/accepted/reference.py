from collections import deque


def _window_maxima(nums, k):
    window = deque()  # indices; their values decrease from front to back
    for i, x in enumerate(nums):
        while window and nums[window[-1]] <= x:
            window.pop()
        window.append(i)
        if window[0] <= i - k:
            window.popleft()
        if i >= k - 1:
            yield nums[window[0]]


def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    return list(_window_maxima(nums, k))
