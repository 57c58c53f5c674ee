SELECT name, department, salary
FROM (SELECT name, department, salary, AVG(salary) OVER (PARTITION BY department) AS average
      FROM employee)
WHERE salary > average;
