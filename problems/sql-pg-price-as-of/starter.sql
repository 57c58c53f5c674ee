-- Every product's price at the end of 2024-02-29, with the change that set it.
SELECT product_id, price, changed_at
FROM price_change;
