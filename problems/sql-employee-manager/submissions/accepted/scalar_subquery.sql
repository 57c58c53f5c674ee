SELECT e.name AS employee,
       (SELECT m.name FROM employee AS m WHERE m.id = e.manager_id) AS manager
FROM employee AS e;
