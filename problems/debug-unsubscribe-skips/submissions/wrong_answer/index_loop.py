def remove_unsubscribed(addresses, unsubscribed):
    removed = []
    for i in range(len(addresses)):
        if i < len(addresses) and addresses[i].strip().lower() in unsubscribed:
            removed.append(addresses[i])
            del addresses[i]
    return removed
