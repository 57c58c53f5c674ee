def remove_unsubscribed(addresses, unsubscribed):
    removed = []
    for address in reversed(addresses):
        if address.strip().lower() in unsubscribed:
            addresses.remove(address)
            removed.append(address)
    return removed
