from sqlalchemy import func, select

from models import Genre


def get_or_create_genre(session, name):
    # scalar_one_or_none() handles "no row" but raises MultipleResultsFound when two genres
    # differ only in case.
    name = name.strip()
    found = session.execute(select(Genre.id).where(func.lower(Genre.name) == name.lower())).scalar_one_or_none()
    if found is not None:
        return found, False
    genre = Genre(name=name)
    session.add(genre)
    session.commit()
    return genre.id, True
