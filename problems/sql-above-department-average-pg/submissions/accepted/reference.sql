SELECT e.name, e.department, e.salary
FROM employee AS e
WHERE e.salary > (SELECT AVG(d.salary) FROM employee AS d WHERE d.department = e.department);
