-- The ocop_code type at work: a few Hà Nội products, before and after the
-- 1 July 2025 reform (synthetic examples; the registry follows in 20_registry.sql).
CREATE EXTENSION IF NOT EXISTS ocop;
\ir lib/lang.psql

\echo :h_codes
CREATE TABLE code_example (
  code  ocop_code PRIMARY KEY,
  name  text NOT NULL
);
INSERT INTO code_example VALUES
  (ocop_code(1, 583, 21, 2023, 7, 18), 'Bộ ấm chén men lam Bát Tràng (old Xã Bát Tràng, Gia Lâm)'),
  (ocop_code(1, 577, 21, 2025, 42),    'Bình gốm hoa sen đỏ (new Xã Bát Tràng)'),
  (ocop_code(1, 9955, 7, 2024, 3, 276), 'Miến dong (Thạch Thất)'),
  ('83-832-28882-2-2022',              'Kẹo dừa (Bến Tre legacy provincial code)');
SELECT code AS :"c_code", name AS :"c_name" FROM code_example ORDER BY code;

\echo :h_fields
SELECT (ocop_code_parts(code)).* FROM code_example ORDER BY code LIMIT 2;

\echo :h_area
SELECT code AS :"c_code", name AS :"c_name" FROM code_example WHERE ocop_code_in_area(code, '01-018');

\echo :h_typo
SELECT ocop_code_is_valid('OCOP-01-00577-21-2025-0042-4') AS :"c_as_printed",
       ocop_code_is_valid('OCOP-01-00577-12-2025-0042-4') AS :"c_swapped";
