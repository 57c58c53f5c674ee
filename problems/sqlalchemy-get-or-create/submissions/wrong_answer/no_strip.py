from sqlalchemy import func, select

from models import Genre


def get_or_create_genre(session, name):
    # Forgets to strip: "  Horror " finds nothing and is stored with its spaces.
    found = session.scalars(
        select(Genre.id).where(func.lower(Genre.name) == name.lower()).order_by(Genre.id)
    ).first()
    if found is not None:
        return found, False
    genre = Genre(name=name)
    session.add(genre)
    session.commit()
    return genre.id, True
