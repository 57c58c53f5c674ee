def remove_unsubscribed(addresses, unsubscribed):
    removed = []
    for address in addresses:
        if address.strip().lower() in unsubscribed:
            addresses.remove(address)
            removed.append(address)
    return removed
