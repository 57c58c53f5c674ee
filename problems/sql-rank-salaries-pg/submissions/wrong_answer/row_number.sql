-- ROW_NUMBER() gives tied salaries different ranks.
SELECT department, name, salary,
       ROW_NUMBER() OVER (PARTITION BY department ORDER BY salary DESC, name, id) AS salary_rank
FROM employee
WHERE salary IS NOT NULL
ORDER BY department, salary_rank, name, id;
