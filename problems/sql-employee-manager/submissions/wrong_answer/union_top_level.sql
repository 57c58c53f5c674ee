SELECT e.name AS employee, m.name AS manager
FROM employee AS e
JOIN employee AS m ON m.id = e.manager_id
UNION
SELECT name, NULL
FROM employee
WHERE manager_id IS NULL;
