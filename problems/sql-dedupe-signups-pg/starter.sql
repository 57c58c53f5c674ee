-- One row per email address (case-insensitive): its earliest signup.
SELECT id, email, signed_up_at
FROM signup;
