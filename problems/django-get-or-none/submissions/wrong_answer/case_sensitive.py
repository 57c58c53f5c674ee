from models import Customer


def find_customer(email):
    try:
        customer = Customer.objects.get(email=email)
    except Customer.DoesNotExist:
        return None
    return {"id": customer.id, "name": customer.name, "city": customer.city}
