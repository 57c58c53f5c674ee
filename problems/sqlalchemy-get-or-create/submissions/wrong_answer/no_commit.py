from sqlalchemy import func, select

from models import Genre


def get_or_create_genre(session, name):
    # flush() sends the INSERT and gives the id, but without commit() the new genre is rolled
    # back when the session closes.
    name = name.strip()
    found = session.scalars(
        select(Genre.id).where(func.lower(Genre.name) == name.lower()).order_by(Genre.id)
    ).first()
    if found is not None:
        return found, False
    genre = Genre(name=name)
    session.add(genre)
    session.flush()
    return genre.id, True
