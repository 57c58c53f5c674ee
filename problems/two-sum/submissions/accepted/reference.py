def two_sum(nums, target):
    first_index = {}
    for j, x in enumerate(nums):
        i = first_index.get(target - x)
        if i is not None:
            return [i, j]
        first_index.setdefault(x, j)
    return []
