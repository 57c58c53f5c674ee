from sqlalchemy import func, select

from models import Genre


def get_or_create_genre(session, name):
    # MIN() always gives one row: NULL when nothing matches.
    name = name.strip()
    smallest = session.execute(
        select(func.min(Genre.id)).where(func.lower(Genre.name) == func.lower(name))
    ).scalar_one()
    if smallest is not None:
        return (smallest, False)
    genre = Genre(name=name)
    session.add(genre)
    session.flush()
    new_id = genre.id
    session.commit()
    return (new_id, True)
