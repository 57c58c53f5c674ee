def permutations(nums):
    nums = sorted(nums)
    if not nums:
        return [[]]
    result = []
    for i, first in enumerate(nums):
        for rest in permutations(nums[:i] + nums[i + 1:]):
            result.append([first] + rest)
    return result
