-- (a + b) / 2 of two integers is integer division: 50000.5 becomes 50000.
WITH ranked AS (
    SELECT department, salary,
           ROW_NUMBER() OVER (PARTITION BY department ORDER BY salary) AS position,
           COUNT(*) OVER (PARTITION BY department) AS known
    FROM employee
    WHERE salary IS NOT NULL
),
medians AS (
    SELECT department, (MIN(salary) + MAX(salary)) / 2 AS median_salary
    FROM ranked
    WHERE position IN ((known + 1) / 2, (known + 2) / 2)
    GROUP BY department
)
SELECT e.department, COUNT(*) AS employees, m.median_salary
FROM employee AS e
LEFT JOIN medians AS m ON m.department = e.department
GROUP BY e.department, m.median_salary;
