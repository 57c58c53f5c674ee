-- Partitions by the email as typed: differently capitalised addresses stay separate.
WITH numbered AS (
    SELECT id, email, signed_up_at,
           ROW_NUMBER() OVER (PARTITION BY email ORDER BY signed_up_at, id) AS rn
    FROM signup
)
SELECT id, email, signed_up_at
FROM numbered
WHERE rn = 1
ORDER BY signed_up_at, id;
