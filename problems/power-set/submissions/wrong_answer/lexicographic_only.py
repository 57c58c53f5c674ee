def power_set(nums):
    nums = sorted(nums)
    if not nums:
        return [[]]
    rest = power_set(nums[1:])
    # bug: ordered lexicographically only, not by length first
    return sorted(rest + [[nums[0]] + s for s in rest])
