def power_set(nums):
    # bug: subsets keep input order instead of being sorted
    if not nums:
        return [[]]
    rest = power_set(nums[1:])
    return sorted(rest + [[nums[0]] + s for s in rest], key=len)
