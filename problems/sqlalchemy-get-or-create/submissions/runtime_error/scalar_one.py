from sqlalchemy import func, select
from sqlalchemy.exc import NoResultFound

from models import Genre


def get_or_create_genre(session, name):
    # scalar_one() raises NoResultFound for no row, which is caught, but also
    # MultipleResultsFound when several genres match, which is not.
    name = name.strip()
    try:
        found = session.execute(select(Genre.id).where(func.lower(Genre.name) == name.lower())).scalar_one()
        return found, False
    except NoResultFound:
        genre = Genre(name=name)
        session.add(genre)
        session.commit()
        return genre.id, True
