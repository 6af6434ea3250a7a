-- The ocop_code type at work: a few Hà Nội products, before and after the
-- 1 July 2025 reform (synthetic examples; the registry follows in 20_registry.sql).
CREATE EXTENSION IF NOT EXISTS ocop;

\echo '== Products and their codes'
CREATE TABLE code_example (
  code  ocop_code PRIMARY KEY,
  name  text NOT NULL
);
INSERT INTO code_example VALUES
  (ocop_code(1, 583, 21, 2023, 7, 18), 'Bộ ấm chén men lam Bát Tràng (old Xã Bát Tràng, Gia Lâm)'),
  (ocop_code(1, 577, 21, 2025, 42),    'Bình gốm hoa sen đỏ (new Xã Bát Tràng)'),
  (ocop_code(1, 9955, 7, 2024, 3, 276), 'Miến dong (Thạch Thất)'),
  ('83-832-28882-2-2022',              'Kẹo dừa (Bến Tre legacy provincial code)');
SELECT code, name FROM code_example ORDER BY code;

\echo '== Fields of a code'
SELECT (ocop_code_parts(code)).* FROM code_example ORDER BY code LIMIT 2;

\echo '== Area queries use the btree index: all products of old Gia Lâm district (01-018)'
SELECT code, name FROM code_example WHERE ocop_code_in_area(code, '01-018');

\echo '== A typo never goes unnoticed (Damm check digit)'
SELECT ocop_code_is_valid('OCOP-01-00577-21-2025-0042-4') AS as_printed,
       ocop_code_is_valid('OCOP-01-00577-12-2025-0042-4') AS digits_swapped;
