-- The middle row, or the two middle rows, of each department's known salaries.
WITH ranked AS (
    SELECT department, salary,
           ROW_NUMBER() OVER (PARTITION BY department ORDER BY salary) AS position,
           COUNT(*) OVER (PARTITION BY department) AS known
    FROM employee
    WHERE salary IS NOT NULL
),
medians AS (
    SELECT department, AVG(salary) AS median_salary
    FROM ranked
    WHERE position IN ((known + 1) / 2, (known + 2) / 2)
    GROUP BY department
)
SELECT e.department, COUNT(*) AS employees, m.median_salary
FROM employee AS e
LEFT JOIN medians AS m ON m.department = e.department
GROUP BY e.department, m.median_salary;
