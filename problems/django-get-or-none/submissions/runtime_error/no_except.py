from models import Customer


def find_customer(email):
    # A missing customer raises Customer.DoesNotExist instead of returning None.
    customer = Customer.objects.get(email__iexact=email)
    return {"id": customer.id, "name": customer.name, "city": customer.city}
