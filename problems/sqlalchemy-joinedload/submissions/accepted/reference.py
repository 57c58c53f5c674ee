import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Loan


def open_loans(session, since):
    stmt = (
        select(Loan)
        .options(joinedload(Loan.book), joinedload(Loan.member))
        .where(Loan.returned_on == None, Loan.loaned_on >= datetime.date.fromisoformat(since))  # noqa: E711
        .order_by(Loan.loaned_on, Loan.id)
    )
    return [[loan.id, loan.loaned_on, loan.book.title, loan.member.name] for loan in session.scalars(stmt)]
