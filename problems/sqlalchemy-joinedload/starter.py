import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Book, Loan, Member


def open_loans(session, since):
    ...
