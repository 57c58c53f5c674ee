-- RANK() leaves gaps after a tie: 1, 1, 3 instead of 1, 1, 2.
SELECT department, name, salary,
       RANK() OVER (PARTITION BY department ORDER BY salary DESC) AS salary_rank
FROM employee
WHERE salary IS NOT NULL
ORDER BY department, salary_rank, name, id;
