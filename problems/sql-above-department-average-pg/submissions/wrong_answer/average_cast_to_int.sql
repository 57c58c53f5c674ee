-- Casting the average to integer rounds it: 70000.5 becomes 70001, and 70001 is no longer above.
SELECT e.name, e.department, e.salary
FROM employee AS e
WHERE e.salary > (SELECT AVG(d.salary)::int FROM employee AS d WHERE d.department = e.department);
