from models import Customer


def find_customer(email):
    # first() never complains about a second match: one of the duplicates is picked silently.
    customer = Customer.objects.filter(email__iexact=email).first()
    if customer is None:
        return None
    return {"id": customer.id, "name": customer.name, "city": customer.city}
