def two_sum(nums, target):
    # bug: scans i first, so it finds the pair with the smallest i
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
    return []
