from collections import defaultdict

from sqlalchemy import select

from models import Department, Employee


def department_rosters(session, min_budget):
    # Two queries, but departments without employees disappear: only departments that have
    # an employee are listed.
    rows = session.execute(
        select(Department.name, Employee.name)
        .join(Employee, Employee.department_id == Department.id)
        .where(Department.budget >= min_budget)
        .order_by(Department.name, Employee.name)
    )
    rosters = defaultdict(list)
    for department, employee in rows:
        rosters[department].append(employee)
    return [[name, names] for name, names in rosters.items()]
