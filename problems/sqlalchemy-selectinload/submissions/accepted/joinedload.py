from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Department


def department_rosters(session, min_budget):
    # One query with a LEFT OUTER JOIN; unique() folds the joined rows back into departments.
    stmt = (
        select(Department)
        .where(Department.budget >= min_budget)
        .options(joinedload(Department.employees))
        .order_by(Department.name)
    )
    departments = session.scalars(stmt).unique().all()
    return [[d.name, sorted([e.name for e in d.employees])] for d in departments]
