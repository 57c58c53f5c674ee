-- Knows about NULLS LAST, but still lists the unknown salaries (with a rank after the others).
SELECT department, name, salary,
       DENSE_RANK() OVER (PARTITION BY department ORDER BY salary DESC NULLS LAST) AS salary_rank
FROM employee
ORDER BY department, salary_rank, name, id;
