SELECT department, name, salary, salary_rank
FROM (
    SELECT id, department, name, salary,
           DENSE_RANK() OVER (PARTITION BY department ORDER BY salary DESC NULLS LAST) AS salary_rank
    FROM employee
) AS ranked
WHERE salary IS NOT NULL
ORDER BY department, salary_rank, name, id;
