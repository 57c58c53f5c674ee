def permutations(nums):
    # bug: the input is not sorted, so the output follows the input order
    if not nums:
        return [[]]
    result = []
    for i, first in enumerate(nums):
        for rest in permutations(nums[:i] + nums[i + 1:]):
            result.append([first] + rest)
    return result
