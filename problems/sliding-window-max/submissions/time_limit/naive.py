def sliding_window_max(nums, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    return [max(nums[i:i + k]) for i in range(len(nums) - k + 1)]
