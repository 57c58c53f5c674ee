from django.db.models import F
from models import Employee


def department_roster(department_name):
    employees = Employee.objects.filter(department__name=department_name)
    return {
        "ids": list(employees.order_by("id").values_list("id", flat=True)),
        "staff": list(employees.order_by("name", "id").values("name", manager_name=F("manager__name"))),
    }
