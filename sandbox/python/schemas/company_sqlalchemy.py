# The company schema, as SQLAlchemy 2.x models. `from models import Department, Employee, ...`
# in a solution; the function under test receives a `Session` as its first argument.
import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


project_members = Table(
    "project_members",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("project.id"), nullable=False),
    Column("employee_id", ForeignKey("employee.id"), nullable=False),
)


class Department(Base):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    budget: Mapped[Optional[int]]
    employees: Mapped[list["Employee"]] = relationship(back_populates="department")
    projects: Mapped[list["Project"]] = relationship(back_populates="department")


class Employee(Base):
    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("department.id"))
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employee.id"))
    salary: Mapped[int]
    hired_on: Mapped[datetime.date]
    department: Mapped[Optional[Department]] = relationship(back_populates="employees")
    manager: Mapped[Optional["Employee"]] = relationship(back_populates="reports", remote_side=[id])
    reports: Mapped[list["Employee"]] = relationship(back_populates="manager")
    projects: Mapped[list["Project"]] = relationship(secondary=project_members, back_populates="members")


class Project(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    department: Mapped[Department] = relationship(back_populates="projects")
    members: Mapped[list[Employee]] = relationship(secondary=project_members, back_populates="projects")
