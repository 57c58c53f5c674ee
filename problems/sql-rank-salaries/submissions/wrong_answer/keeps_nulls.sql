-- Forgets the unknown salaries: they come out last, with a rank of their own.
SELECT department, name, salary,
       DENSE_RANK() OVER (PARTITION BY department ORDER BY salary DESC) AS salary_rank
FROM employee
ORDER BY department, salary_rank, name, id;
