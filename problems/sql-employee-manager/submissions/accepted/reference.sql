SELECT e.name AS employee, m.name AS manager
FROM employee AS e
LEFT JOIN employee AS m ON m.id = e.manager_id;
