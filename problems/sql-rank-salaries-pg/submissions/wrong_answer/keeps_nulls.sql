-- Forgets the unknown salaries. PostgreSQL sorts NULL before every value in descending order,
-- so each department's unknown salaries take rank 1 and push everyone else down.
SELECT department, name, salary,
       DENSE_RANK() OVER (PARTITION BY department ORDER BY salary DESC) AS salary_rank
FROM employee
ORDER BY department, salary_rank, name, id;
