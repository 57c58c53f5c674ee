from sqlalchemy import func, select

from models import Genre


def get_or_create_genre(session, name):
    ...
