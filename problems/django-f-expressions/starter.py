from django.db.models import F
from models import Employee


def out_earning_managers(margin):
    ...
