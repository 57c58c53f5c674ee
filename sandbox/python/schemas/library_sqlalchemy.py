# The library schema, as SQLAlchemy 2.x models. `from models import Author, Book, ...` in a
# solution; the function under test receives a `Session` as its first argument.
import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


book_genres = Table(
    "book_genres",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("book_id", ForeignKey("book.id"), nullable=False),
    Column("genre_id", ForeignKey("genre.id"), nullable=False),
)


class Author(Base):
    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    country: Mapped[Optional[str]] = mapped_column(String(60))
    born: Mapped[Optional[int]]
    books: Mapped[list["Book"]] = relationship(back_populates="author")


class Genre(Base):
    __tablename__ = "genre"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    books: Mapped[list["Book"]] = relationship(secondary=book_genres, back_populates="genres")


class Book(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    year: Mapped[int]
    pages: Mapped[Optional[int]]
    author: Mapped[Author] = relationship(back_populates="books")
    genres: Mapped[list[Genre]] = relationship(secondary=book_genres, back_populates="books")
    loans: Mapped[list["Loan"]] = relationship(back_populates="book")


class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    joined_on: Mapped[datetime.date]
    loans: Mapped[list["Loan"]] = relationship(back_populates="member")


class Loan(Base):
    __tablename__ = "loan"
    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("book.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    loaned_on: Mapped[datetime.date]
    returned_on: Mapped[Optional[datetime.date]]
    book: Mapped[Book] = relationship(back_populates="loans")
    member: Mapped[Member] = relationship(back_populates="loans")
