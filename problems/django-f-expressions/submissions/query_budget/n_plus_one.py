from models import Employee


def out_earning_managers(margin):
    # Right rows, but each e.manager is another query.
    rows = []
    for e in Employee.objects.filter(manager__isnull=False):
        gap = e.salary - e.manager.salary
        if gap >= margin:
            rows.append([e.name, e.salary, e.manager.name, gap, e.id])
    rows.sort(key=lambda r: (-r[3], r[0], r[4]))
    return [r[:4] for r in rows]
