from sqlalchemy import select

from models import Department


def department_rosters(session, min_budget):
    # Right values, but d.employees lazy-loads: one more query per department.
    stmt = select(Department).where(Department.budget >= min_budget).order_by(Department.name)
    return [[d.name, sorted(e.name for e in d.employees)] for d in session.scalars(stmt)]
