from django.db.models import F
from models import Employee


def department_roster(department_name):
    ...
