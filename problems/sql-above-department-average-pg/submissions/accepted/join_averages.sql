SELECT e.name, e.department, e.salary
FROM employee AS e
JOIN (SELECT department, AVG(salary) AS average FROM employee GROUP BY department) AS a
  ON a.department = e.department
WHERE e.salary > a.average;
