-- Ranks across the whole company instead of within each department.
SELECT department, name, salary,
       DENSE_RANK() OVER (ORDER BY salary DESC) AS salary_rank
FROM employee
WHERE salary IS NOT NULL
ORDER BY department, salary_rank, name, id;
