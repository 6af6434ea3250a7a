-- What the resolver (resolver/, `make demo` starts it) reads from this
-- registry: the two views of its contract (resolver/README.md, "The
-- database") and its two parsing functions (resolver/sql/ocop_resolver.sql).
-- Each product gets a synthetic GTIN-13 under GS1's demonstration prefix 952
-- (GS1 General Specifications 1.4.2: "952: used to issue GS1 demonstration
-- numbers"; no real trade item carries one), written as the GTIN-14 of a
-- Digital Link URI.
\ir lib/flags.psql
\if :have_registry
\else
\echo 'resolver views skipped: the registry was not generated'
\quit
\endif
\if :have_trace
\else
\echo 'resolver views skipped: trace_chain is not installed'
\quit
\endif
SET client_min_messages = warning;

\ir ../resolver/sql/ocop_resolver.sql

-- GTIN-14 = '0' || 952 || 9-digit item number || check digit; the check digit
-- is the one digit gtin_is_valid accepts (GS1 General Specifications 7.9).
CREATE TABLE product_gtin (
  code ocop_code PRIMARY KEY REFERENCES product,
  gtin text NOT NULL UNIQUE CHECK (gtin_is_valid(gtin) AND length(gtin) = 14)
);
COMMENT ON TABLE product_gtin IS 'synthetic GTIN of each product, under the GS1 demonstration prefix 952';
INSERT INTO product_gtin
SELECT n.code, (SELECT n.body || d FROM generate_series(0, 9) d WHERE gtin_is_valid(n.body || d))
  FROM (SELECT code, '0952' || lpad((row_number() OVER (ORDER BY code))::text, 9, '0') AS body FROM product) n;

CREATE INDEX lot_code ON lot (code);

CREATE VIEW ocop_resolver_product AS
SELECT p.code, g.gtin, p.name, pr.name AS producer, pr.commune, p.star, p.potential_5star,
       c.decided AS certified, c.decision
  FROM product p
  JOIN producer pr ON pr.id = p.producer_id
  LEFT JOIN product_gtin g ON g.code = p.code
  LEFT JOIN certificate c ON c.code = p.code;
COMMENT ON VIEW ocop_resolver_product IS 'resolver contract: one row per product (code, GTIN, name, producer, its commune today, tier, certificate)';

CREATE VIEW ocop_resolver_lot AS
SELECT l.lot, l.code, l.chain, l.label_head FROM lot l;
COMMENT ON VIEW ocop_resolver_lot IS 'resolver contract: one row per traced lot (lot number, product, chain, head printed on its label)';
ANALYZE product_gtin;
\echo '    resolver views: ocop_resolver_product, ocop_resolver_lot (product_gtin: synthetic GTINs under prefix 952)'
