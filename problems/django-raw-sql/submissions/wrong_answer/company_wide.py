from django.db import connection

QUERY = """
SELECT department, name, salary, salary_rank
FROM (
    SELECT d.name AS department, e.id AS id, e.name AS name, e.salary AS salary,
           RANK() OVER (ORDER BY e.salary DESC) AS salary_rank
    FROM employee e
    JOIN department d ON d.id = e.department_id
)
WHERE salary_rank <= %s
ORDER BY department, salary_rank, name, id
"""


def top_salaries(top):
    with connection.cursor() as cursor:
        cursor.execute(QUERY, [top])
        return [list(row) for row in cursor.fetchall()]
