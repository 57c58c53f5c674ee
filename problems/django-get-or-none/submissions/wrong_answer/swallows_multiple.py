from models import Customer


def find_customer(email):
    try:
        customer = Customer.objects.get(email__iexact=email)
    except (Customer.DoesNotExist, Customer.MultipleObjectsReturned):
        return None
    return {"id": customer.id, "name": customer.name, "city": customer.city}
