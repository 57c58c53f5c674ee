def power_set(nums):
    nums = sorted(nums)
    if not nums:
        return [[]]
    without_first = power_set(nums[1:])
    with_first = [[nums[0]] + subset for subset in without_first]
    return sorted(without_first + with_first, key=lambda s: (len(s), s))
