from models import Employee


def department_roster(department_name):
    employees = Employee.objects.filter(department__name=department_name)
    return {
        "ids": list(employees.order_by("id").values_list("id", flat=True)),
        # Every column of the employee, and the manager's id instead of their name.
        "staff": list(employees.order_by("name", "id").values()),
    }
