def stock_changes(before, after):
    changes = []
    for sku in sorted(set(before) | set(after)):
        old = before.get(sku)
        new = after.get(sku)
        if old == new:
            continue
        changes.append([sku, old or 0, new or 0, (new or 0) - (old or 0)])
    return changes
