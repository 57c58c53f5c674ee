from django.db.models import F
from models import Employee


def out_earning_managers(margin):
    rows = (Employee.objects.filter(salary__gte=F("manager__salary") + margin)
            .annotate(gap=F("salary") - F("manager__salary"))
            .order_by("-gap", "name", "id")
            .values_list("name", "salary", "manager__name", "gap"))
    return [list(row) for row in rows]
