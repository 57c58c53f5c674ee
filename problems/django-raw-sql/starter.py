from django.db import connection


def top_salaries(top):
    ...
