from sqlalchemy import func, select

from models import Genre


def get_or_create_genre(session, name):
    # first() without order_by: when several genres match, any of them may come first.
    name = name.strip()
    found = session.scalars(select(Genre).where(func.lower(Genre.name) == name.lower())).first()
    if found is not None:
        return found.id, False
    genre = Genre(name=name)
    session.add(genre)
    session.commit()
    return genre.id, True
