def flatten(nested):
    result = []
    for item in nested:
        if isinstance(item, list) and item:
            result.extend(flatten(item))
        else:
            result.append(item)
    return result
