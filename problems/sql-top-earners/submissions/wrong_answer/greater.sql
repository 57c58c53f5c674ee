SELECT name, salary FROM employee WHERE salary > 50000 ORDER BY salary DESC, name;
