import datetime

from sqlalchemy import select

from models import Loan


def open_loans(session, since):
    # Right values, but loan.book and loan.member are lazy loads: a query for every book and
    # member not loaded yet.
    stmt = (
        select(Loan)
        .where(Loan.returned_on.is_(None), Loan.loaned_on >= datetime.date.fromisoformat(since))
        .order_by(Loan.loaned_on, Loan.id)
    )
    return [[loan.id, loan.loaned_on, loan.book.title, loan.member.name] for loan in session.scalars(stmt)]
