def permutations(nums):
    nums = sorted(nums)
    if len(nums) <= 1:
        # bug: the empty list yields no permutations
        return [nums] if nums else []
    result = []
    for i, first in enumerate(nums):
        for rest in permutations(nums[:i] + nums[i + 1:]):
            result.append([first] + rest)
    return result
