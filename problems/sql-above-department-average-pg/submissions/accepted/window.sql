-- PostgreSQL 15 needs an alias on a subquery in FROM.
SELECT name, department, salary
FROM (SELECT name, department, salary, AVG(salary) OVER (PARTITION BY department) AS average
      FROM employee) AS e
WHERE salary > average;
