from django.db.models import F
from models import Employee


def out_earning_managers(margin):
    employees = (Employee.objects.select_related("manager")
                 .alias(gap=F("salary") - F("manager__salary"))
                 .filter(gap__gte=margin)
                 .order_by("-gap", "name", "id"))
    return [[e.name, e.salary, e.manager.name, e.salary - e.manager.salary] for e in employees]
