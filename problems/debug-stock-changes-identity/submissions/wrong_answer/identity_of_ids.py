def stock_changes(before, after):
    changes = []
    for sku in sorted(set(before) | set(after)):
        old = before.get(sku, 0)
        new = after.get(sku, 0)
        if id(old) == id(new):
            continue
        changes.append([sku, old, new, new - old])
    return changes
