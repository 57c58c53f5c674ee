from models import Customer


def find_customer(email):
    ...
