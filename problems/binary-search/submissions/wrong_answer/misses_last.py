def binary_search(nums, target):
    lo, hi = 0, len(nums) - 1
    # bug: with hi = len - 1 and lo < hi, the last element is never examined
    while lo < hi:
        mid = (lo + hi) // 2
        if nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(nums) - 1 and nums[lo] == target:
        return lo
    return -1
