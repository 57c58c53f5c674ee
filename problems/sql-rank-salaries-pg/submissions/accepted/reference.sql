SELECT department, name, salary,
       DENSE_RANK() OVER (PARTITION BY department ORDER BY salary DESC) AS salary_rank
FROM employee
WHERE salary IS NOT NULL
ORDER BY department, salary_rank, name, id;
