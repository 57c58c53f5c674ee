from models import Customer


def find_customer(email):
    matches = list(Customer.objects.filter(email__iexact=email).values("id", "name", "city")[:2])
    if len(matches) > 1:
        raise Customer.MultipleObjectsReturned("more than one customer has the email %r" % email)
    return matches[0] if matches else None
