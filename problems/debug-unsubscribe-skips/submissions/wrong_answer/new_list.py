def remove_unsubscribed(addresses, unsubscribed):
    removed = [address for address in addresses if address.strip().lower() in unsubscribed]
    addresses = [address for address in addresses if address.strip().lower() not in unsubscribed]
    return removed
