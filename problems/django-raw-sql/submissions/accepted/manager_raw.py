from models import Employee


def top_salaries(top):
    # raw() needs the primary key among the columns; the rest become attributes.
    employees = Employee.objects.raw(
        """
        WITH ranked AS (
            SELECT e.id, e.name, e.salary, d.name AS department_name,
                   RANK() OVER (PARTITION BY d.id ORDER BY e.salary DESC) AS salary_rank
            FROM employee e JOIN department d ON e.department_id = d.id
        )
        SELECT * FROM ranked WHERE salary_rank <= %s
        ORDER BY department_name, salary_rank, name, id
        """,
        [top],
    )
    return [[e.department_name, e.name, e.salary, e.salary_rank] for e in employees]
