-- Right ranks (computed with a correlated subquery), but the rows come in no fixed order.
SELECT e.department, e.name, e.salary,
       1 + (SELECT COUNT(DISTINCT h.salary)
            FROM employee AS h
            WHERE h.department = e.department AND h.salary > e.salary) AS salary_rank
FROM employee AS e
WHERE e.salary IS NOT NULL;
