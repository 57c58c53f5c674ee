from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Department


def department_rosters(session, min_budget):
    # The employees come in whatever order the database returns them, not A to Z.
    stmt = (
        select(Department)
        .where(Department.budget >= min_budget)
        .options(selectinload(Department.employees))
        .order_by(Department.name)
    )
    return [[d.name, [e.name for e in d.employees]] for d in session.scalars(stmt)]
