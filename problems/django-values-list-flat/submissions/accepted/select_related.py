from models import Employee


def department_roster(department_name):
    employees = list(Employee.objects.filter(department__name=department_name).select_related("manager")
                     .order_by("name", "id"))
    return {
        "ids": sorted(e.id for e in employees),
        "staff": [{"name": e.name, "manager_name": e.manager.name if e.manager else None} for e in employees],
    }
