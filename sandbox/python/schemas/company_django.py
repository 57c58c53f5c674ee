# The company schema, as Django models. `from models import Department, Employee, ...` in a
# solution.
from django.db import models


class Department(models.Model):
    name = models.CharField(max_length=100, unique=True)
    budget = models.IntegerField(null=True)

    class Meta:
        app_label = "company"
        db_table = "department"


class Employee(models.Model):
    name = models.CharField(max_length=100)
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, related_name="employees")
    manager = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, related_name="reports")
    salary = models.IntegerField()
    hired_on = models.DateField()

    class Meta:
        app_label = "company"
        db_table = "employee"


class Project(models.Model):
    name = models.CharField(max_length=100)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="projects")
    members = models.ManyToManyField(Employee, related_name="projects", db_table="project_members")

    class Meta:
        app_label = "company"
        db_table = "project"
