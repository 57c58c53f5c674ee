def binary_search(nums, target):
    lo, hi = 0, len(nums) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if nums[mid] == target:
            return mid  # bug: not necessarily the first occurrence
        if nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
