from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Department, Employee


def department_rosters(session, min_budget):
    ...
