from sqlalchemy import select

from models import Genre


def get_or_create_genre(session, name):
    # ILIKE ignores case, but "_" and "%" in the name are wildcards: "Sci_Fi" finds "Sci-Fi".
    name = name.strip()
    found = session.scalars(select(Genre.id).where(Genre.name.ilike(name)).order_by(Genre.id)).first()
    if found is not None:
        return found, False
    genre = Genre(name=name)
    session.add(genre)
    session.commit()
    return genre.id, True
