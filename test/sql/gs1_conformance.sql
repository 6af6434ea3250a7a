-- GS1 Digital Link conformance: the test assertions of GS1's own engine and
-- of another public toolkit, run against our functions.  Each group cites its
-- source; doc/digital-link.md has the table of results and explains every
-- assertion we do not pass.  The assertions are facts (input, expected
-- outcome), not code: nothing of those projects is copied.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ocop;
RESET client_min_messages;
\pset null '(null)'

-- The outcome of a function on one input: its result, or NULL when it
-- refuses the input with 22P02 or 54000 (any other error fails the test).
CREATE FUNCTION pg_temp.es(uri text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN gs1_digital_link_element_string(uri, false);
EXCEPTION WHEN invalid_text_representation OR program_limit_exceeded THEN
  RETURN NULL;
END $$;
-- The legacy reader: the GTIN gs1_digital_link_parse finds, or NULL.
CREATE FUNCTION pg_temp.legacy_gtin(uri text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN (gs1_digital_link_parse(uri)).gtin;
EXCEPTION WHEN invalid_text_representation OR program_limit_exceeded THEN
  RETURN NULL;
END $$;
CREATE FUNCTION pg_temp.gen(es text, base text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN gs1_digital_link_from_element_string(es, COALESCE(base, 'https://id.gs1.org'));
EXCEPTION WHEN invalid_text_representation OR invalid_parameter_value THEN
  RETURN NULL;
END $$;
CREATE FUNCTION pg_temp.ais(uri text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT string_agg(ai || '=' || value, ' ' ORDER BY ord)
            FROM gs1_digital_link_elements(uri) WHERE role <> 'parameter');
EXCEPTION WHEN invalid_text_representation OR program_limit_exceeded THEN
  RETURN NULL;
END $$;

-- Group A: GS1 Syntax Engine, URI -> unbracketed element string ("^" = FNC1;
-- NULL = the URI is refused).  github.com/gs1/gs1-syntax-engine, file
-- src/c-lib/dl.c, function test_dl_parseDLuri, commit
-- 50657dbd04ce78d8734e8793e054bf70dcba294b, Apache-2.0; line = the line of
-- the assertion there.  opt = the engine option the assertion runs with:
-- default (none), zs (permit zero-suppressed GTINs), alpha (permit
-- convenience alphas), unk (permit unknown AIs).  Default assertions are
-- checked against gs1_digital_link_element_string (strict, as the engine's
-- defaults); zs and alpha ones against gs1_digital_link_parse, which accepts
-- GTIN-8/12/13 and the names gtin, cpv, lot and ser (its GTIN compared).
CREATE TEMP TABLE engine_parse (line int, opt text, uri text, expect text);
INSERT INTO engine_parse VALUES
  (1319, 'default', '', NULL),
  (1320, 'default', 'ftp://', NULL),
  (1321, 'default', 'http://', NULL),
  (1323, 'default', 'http://a', NULL),
  (1324, 'default', 'http://a/', NULL),
  (1325, 'default', 'http://a/b', NULL),
  (1326, 'default', 'http://a/b/', NULL),
  (1328, 'default', 'http://a/00/006141411234567890', '^00006141411234567890'),
  (1332, 'default', 'HTTP://a/00/006141411234567890', '^00006141411234567890'),
  (1336, 'default', 'https://a/00/006141411234567890', '^00006141411234567890'),
  (1340, 'default', 'HTTPS://a/00/006141411234567890', '^00006141411234567890'),
  (1344, 'default', 'HtTp://a/b/00/006141411234567890', NULL),
  (1346, 'default', 'https://00/006141411234567890', NULL),
  (1350, 'default', 'https://a/01/12312312312333', '^0112312312312333'),
  (1360, 'default', 'https://xn--fsq.xn--0zwm56d/01/12312312312333', '^0112312312312333'),
  (1364, 'default', 'https://a./01/12312312312333', '^0112312312312333'),
  (1368, 'default', 'https://a:65535/01/12312312312333', '^0112312312312333'),
  (1372, 'default', 'https://192.0.2.1/01/12312312312333', '^0112312312312333'),
  (1376, 'default', 'https://3232235777/01/12312312312333', '^0112312312312333'),
  (1380, 'default', 'https://0300.0250.01.01/01/12312312312333', '^0112312312312333'),
  (1384, 'default', 'https://0xC0.0xA8.0x01.0x01/01/12312312312333', '^0112312312312333'),
  (1388, 'default', 'https://[2001:db8::1]/01/12312312312333', '^0112312312312333'),
  (1392, 'default', 'https://[fe80::1%25lo]/01/12312312312333', NULL),
  (1396, 'default', 'https://$a/006141411234567890', NULL),
  (1400, 'default', 'https://a$/006141411234567890', NULL),
  (1405, 'default', 'https://a/01/12312312312333<bad', NULL),
  (1406, 'default', 'https://a/01/12312312312333>bad', NULL),
  (1407, 'default', 'https://a/01/12312312312333{bad', NULL),
  (1408, 'default', 'https://a/01/12312312312333}bad', NULL),
  (1409, 'default', 'https://a/01/12312312312333\bad', NULL),
  (1410, 'default', 'https://a/01/12312312312333^bad', NULL),
  (1411, 'default', 'https://a/01/12312312312333`bad', NULL),
  (1418, 'default', 'https://a/stem/00/006141411234567890', '^00006141411234567890'),
  (1422, 'default', 'https://a/more/stem/00/006141411234567890', '^00006141411234567890'),
  (1426, 'default', 'https://a/00/faux/00/006141411234567890', '^00006141411234567890'),
  (1435, 'default', 'https://a/gtin/12312312312333', NULL),
  (1437, 'alpha',  'https://a/gtin/12312312312333', '^0112312312312333'),
  (1438, 'alpha',  'https://a/gtin/12312312312333/ser/ABC123', '^011231231231233321ABC123'),
  (1439, 'alpha',  'https://a/sscc/006141411234567890', '^00006141411234567890'),
  (1440, 'alpha',  'https://a/zzz/12312312312333', NULL),
  (1441, 'alpha',  'https://a/cps/12312312312333', NULL),
  (1449, 'zs',     'https://a/01/2112345678900', '^0102112345678900'),
  (1454, 'default', 'https://a/01/2112345678900', NULL),
  (1459, 'zs',     'https://a/01/416000336108', '^0100416000336108'),
  (1464, 'default', 'https://a/01/416000336108', NULL),
  (1469, 'zs',     'https://a/01/02345673', '^0100000002345673'),
  (1474, 'default', 'https://a/01/02345673', NULL),
  (1484, 'zs',     'https://a/8004/9520614141234567?01=2112345678900', '^80049520614141234567^0102112345678900'),
  (1489, 'default', 'https://a/8004/9520614141234567?01=2112345678900', NULL),
  (1494, 'zs',     'https://a/8004/9520614141234567?01=02345673', '^80049520614141234567^0100000002345673'),
  (1499, 'default', 'https://a/8004/9520614141234567?01=02345673', NULL),
  (1503, 'default', 'https://a/8004/9520614141234567?01=09521234543213', '^80049520614141234567^0109521234543213'),
  (1508, 'default', 'https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ', '^011231231231233322TEST^10ABC^21XYZ'),
  (1512, 'default', 'https://a/01/12312312312333/235/TEST', '^0112312312312333235TEST'),
  (1516, 'default', 'https://a/253/1231231231232', '^2531231231231232'),
  (1520, 'default', 'https://a/253/1231231231232TEST5678901234567', '^2531231231231232TEST5678901234567'),
  (1524, 'default', 'https://a/253/1231231231232TEST56789012345678', NULL),
  (1527, 'default', 'https://a/8018/123456789012345675/8019/123', '^8018123456789012345675^8019123'),
  (1531, 'default', 'https://a/stem/00/006141411234567890/', NULL),
  (1534, 'default', 'https://a/stem/00/006141411234567890?', '^00006141411234567890'),
  (1538, 'default', 'https://a/stem/00/006141411234567890?99=ABC', '^0000614141123456789099ABC'),
  (1542, 'default', 'https://a/stem/401/12345678?99=ABC', '^40112345678^99ABC'),
  (1546, 'default', 'https://a/01/12312312312333?99=ABC&98=XYZ', '^011231231231233399ABC^98XYZ'),
  (1550, 'default', 'https://a/01/12312312312333?99=', NULL),
  (1553, 'default', 'https://a/01/12312312312333?99=ABC&999=faux', NULL),
  (1556, 'default', 'https://a/01/12312312312333?&&&99=ABC&&&&&&98=XYZ&&&', '^011231231231233399ABC^98XYZ'),
  (1560, 'default', 'https://a/01/12312312312333?99=ABC&unknown=666&98=XYZ', '^011231231231233399ABC^98XYZ'),
  (1564, 'default', 'https://a/01/12312312312333?unknown=666&99=ABC&98=XYZ', '^011231231231233399ABC^98XYZ'),
  (1568, 'default', 'https://a/01/12312312312333?99=ABC&98=XYZ&unknown=666', '^011231231231233399ABC^98XYZ'),
  (1572, 'default', 'https://a/01/12312312312333?unknown1=555&99=ABC&unknown2=666&98=XYZ&unknown3=777', '^011231231231233399ABC^98XYZ'),
  (1576, 'default', 'https://a/01/12312312312333?99=ABC&singleton&98=XYZ', '^011231231231233399ABC^98XYZ'),
  (1580, 'default', 'https://a/01/12312312312333?singleton&99=ABC&98=XYZ', '^011231231231233399ABC^98XYZ'),
  (1584, 'default', 'https://a/01/12312312312333?99=ABC&98=XYZ&singleton', '^011231231231233399ABC^98XYZ'),
  (1588, 'default', 'https://a/01/12312312312333?singleton1&99=ABC&singleton2&98=XYZ&singleton3', '^011231231231233399ABC^98XYZ'),
  (1592, 'default', 'https://a/01/12312312312333?singleton1&unknown1=555&99=ABC&singleton2&unknown2=6666&98=XYZ&unknown3=777&singleton3', '^011231231231233399ABC^98XYZ'),
  (1596, 'default', 'https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ%2f987', '^011231231231233322ABC-123^99ABC^98XYZ/987'),
  (1600, 'default', 'https://a/01/12312312312333/22/ABC+123?99=ABC&98=XYZ%2f987', '^011231231231233322ABC+123^99ABC^98XYZ/987'),
  (1604, 'default', 'https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ+987', NULL),
  (1608, 'default', 'https://a/01/12312312312333/22/test/10/abc/21/xyz#', '^011231231231233322test^10abc^21xyz'),
  (1612, 'default', 'https://a/01/12312312312333/22/test/10/abc/21/xyz#fragment', '^011231231231233322test^10abc^21xyz'),
  (1616, 'default', 'https://a/stem/00/006141411234567890?99=ABC#', '^0000614141123456789099ABC'),
  (1620, 'default', 'https://a/stem/00/006141411234567890?99=ABC#fragment', '^0000614141123456789099ABC'),
  (1630, 'default', 'https://id.gs1.org/01/09520123456788', '^0109520123456788'),
  (1635, 'zs',     'https://brand.example.com/01/9520123456788', '^0109520123456788'),
  (1641, 'zs',     'https://brand.example.com/some-extra/pathinfo/01/9520123456788', '^0109520123456788'),
  (1646, 'default', 'https://id.gs1.org/01/09520123456788/22/2A', '^0109520123456788222A'),
  (1650, 'default', 'https://id.gs1.org/01/09520123456788/10/ABC123', '^010952012345678810ABC123'),
  (1654, 'default', 'https://id.gs1.org/01/09520123456788/21/12345', '^01095201234567882112345'),
  (1658, 'default', 'https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426', '^010952012345678810ABC1^2112345^17180426'),
  (1664, 'default', 'https://id.gs1.org/01/09520123456788?3103=000195', '^01095201234567883103000195'),
  (1669, 'zs',     'https://example.com/01/9520123456788?3103=000195&3922=0299&17=201225', '^0109520123456788310300019539220299^17201225'),
  (1674, 'default', 'https://example.com/01/09520123456788?3103=000195&3922=0299&17=201225', '^0109520123456788310300019539220299^17201225'),
  (1679, 'zs',     'https://example.com/01/9520123456788?3103=000195&3922=0299&17=201225', '^0109520123456788310300019539220299^17201225'),
  (1684, 'default', 'https://example.com/01/09520123456788?3103=000195&3922=0299&17=201225', '^0109520123456788310300019539220299^17201225'),
  (1689, 'zs',     'https://id.gs1.org/01/9520123456788?3103=000195&3922=0299&17=201225', '^0109520123456788310300019539220299^17201225'),
  (1694, 'default', 'https://id.gs1.org/01/09520123456788?3103=000195&3922=0299&17=201225', '^0109520123456788310300019539220299^17201225'),
  (1699, 'zs',     'https://id.gs1.org/01/9520123456788?17=201225&3103=000195&3922=0299', '^010952012345678817201225310300019539220299'),
  (1704, 'default', 'https://id.gs1.org/01/09520123456788?17=201225&3103=000195&3922=0299', '^010952012345678817201225310300019539220299'),
  (1708, 'default', 'https://id.gs1.org/00/952012345678912345', '^00952012345678912345'),
  (1712, 'default', 'https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25&10=ABC123', '^0095201234567891234502095201234567883725^10ABC123'),
  (1716, 'default', 'https://id.gs1.org/414/9520123456788', '^4149520123456788'),
  (1720, 'default', 'https://id.gs1.org/414/9520123456788/254/32a%2Fb', '^414952012345678825432a/b'),
  (1725, 'default', 'https://example.com/8004/9520614141234567?01=09520123456788', '^80049520614141234567^0109520123456788'),
  (1730, 'default', 'https://example.com/01/09520123456788?10=ABC123', NULL),
  (1735, 'default', 'https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123', '^0109520123456788235XYZ^10ABC123'),
  (1740, 'default', 'https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&01=09520123456788', NULL),
  (1744, 'default', 'https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&10=ABC123', NULL),
  (1748, 'default', 'https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&99=XYZ789', NULL),
  (1753, 'default', 'https://example.com/01/09520123456788/89/ABC123?99=XYZ', NULL),
  (1757, 'default', 'https://example.com/01/09520123456788?99=XYZ&89=ABC123', NULL),
  (1763, 'unk',    'https://example.com/01/09520123456788?99=XYZ&89=ABC123', NULL),
  (1767, 'unk',    'https://example.com/01/09520123456788?99=XYZ&89=ABC123', '^010952012345678899XYZ^89ABC123'),
  (1778, 'default', 'https://a/01/1231231231233%003', NULL),
  (1781, 'default', 'https://a/01/12312312312333?99=ABC%00DEF', NULL),
  (1854, 'default', 'https://a/01/12312312312333/10/', NULL),
  (1860, 'default', 'https://a/01/12312312312333/99/ABC', NULL);
-- The two boundary assertions after them (lines 1790-1812): AI 99 is X..90.
INSERT INTO engine_parse VALUES
  (1804, 'default', 'https://a/01/12312312312333?99=' || repeat('A', 90), '^011231231231233399' || repeat('A', 90)),
  (1811, 'default', 'https://a/01/12312312312333?99=' || repeat('A', 91), NULL);

CREATE TEMP VIEW engine_parse_result AS
SELECT line, opt, uri, expect,
       CASE WHEN opt = 'default' OR (opt = 'unk' AND expect IS NULL) THEN pg_temp.es(uri)
            ELSE pg_temp.legacy_gtin(uri) END AS got,
       CASE WHEN opt = 'default' OR (opt = 'unk' AND expect IS NULL)
              THEN pg_temp.es(uri) IS NOT DISTINCT FROM expect
            WHEN opt IN ('zs', 'alpha')
              THEN pg_temp.legacy_gtin(uri) IS NOT DISTINCT FROM substring(expect FROM '\^01([0-9]{14})')
            ELSE false END AS pass
  FROM engine_parse;

-- Group B: GS1 Syntax Engine, element string -> URI (NULL = refused).  Same
-- repository, file and commit, function test_dl_generateDLuri.  opt unk_attr:
-- unknown AIs permitted as data attributes, an option we do not have.
CREATE TEMP TABLE engine_generate (line int, opt text, base text, es text, expect text);
INSERT INTO engine_generate VALUES
  (2155, 'default', NULL, '(01)12312312312326(21)abc123', 'https://id.gs1.org/01/12312312312326/21/abc123'),
  (2156, 'default', 'https://example.com', '(01)12312312312326(21)abc123', 'https://example.com/01/12312312312326/21/abc123'),
  (2157, 'default', 'https://example.com', '(01)12312312312326(22)ABC(10)DEF(21)GHI', 'https://example.com/01/12312312312326/22/ABC/10/DEF/21/GHI'),
  (2158, 'default', 'https://example.com', '(01)12312312312326(22)ABC(10)DEF(21)GHI(95)INT', 'https://example.com/01/12312312312326/22/ABC/10/DEF/21/GHI?95=INT'),
  (2159, 'default', 'https://example.com', '(21)XYZ(01)12312312312333(10)ABC123(99)XYZ', 'https://example.com/01/12312312312333/10/ABC123/21/XYZ?99=XYZ'),
  (2162, 'default', 'https://example.com', '(99)XYZ789', NULL),
  (2168, 'default', 'https://example.com', '(01)12312312312333(10)ABC+123(99)XYZ+QWERTY', 'https://example.com/01/12312312312333/10/ABC%2B123?99=XYZ%2BQWERTY'),
  (2175, 'default', 'https://example.com', '(8017)795260646688514634(99)000001(253)9526064000028000001', 'https://example.com/8017/795260646688514634?99=000001&253=9526064000028000001'),
  (2176, 'default', 'https://example.com', '(253)9526064000028000001(99)000001(8017)795260646688514634', 'https://example.com/253/9526064000028000001?99=000001&8017=795260646688514634'),
  (2177, 'default', 'https://example.com', '(98)ABC(253)9526064000028000001(99)000001(8017)795260646688514634', 'https://example.com/253/9526064000028000001?98=ABC&99=000001&8017=795260646688514634'),
  (2178, 'default', 'https://example.com', '(253)9526064000028000001(99)000001(01)12312312312326(10)DEF(95)INT', 'https://example.com/253/9526064000028000001?01=12312312312326&99=000001&10=DEF&95=INT'),
  (2184, 'default', 'https://example.com', '(01)12312312312326(01)12312312312326(10)ABC123(99)XYZ789', 'https://example.com/01/12312312312326/10/ABC123?99=XYZ789'),
  (2185, 'default', 'https://example.com', '(01)12312312312326(10)ABC123(10)ABC123(99)XYZ789', 'https://example.com/01/12312312312326/10/ABC123?99=XYZ789'),
  (2186, 'default', 'https://example.com', '(01)12312312312326(10)ABC123(99)XYZ789(99)XYZ789', 'https://example.com/01/12312312312326/10/ABC123?99=XYZ789'),
  (2187, 'default', 'https://example.com', '(8010)0200(3133)333333(3300)000000(99)57(3133)333333(3300)000000(01)04065093955756(10)0(3133)333333(3300)000000(01)04065093955756', 'https://example.com/8010/0200?3133=333333&3300=000000&01=04065093955756&99=57&10=0'),
  (2194, 'default', 'https://example.com', '(01)12312312312326(99)000001(8200)http://example.com(95)INT', NULL),
  (2195, 'default', 'https://example.com', '(01)12312312312326(235)TPX9526064(99)000001(22)ABC(95)INT', NULL),
  (2196, 'default', 'https://example.com', '(01)12312312312326(22)ABC(10)DEF(99)000001(235)TPX9526064(95)INT', NULL),
  (2203, 'unk',     'https://example.com', '(01)12312312312326(99)000001(89)XXX(95)INT', NULL),
  (2206, 'unk_attr', 'https://example.com', '(01)12312312312326(99)000001(89)XXX(95)INT', 'https://example.com/01/12312312312326?99=000001&89=XXX&95=INT'),
  (2215, 'default', 'https://example.com', '(01)12312312312326(235)ABC(10)DEF', NULL),
  (2242, 'default', 'https://example.com/', '(01)12312312312326', 'https://example.com/01/12312312312326');
-- The two other assertions of that function: a parsed URI keeps its path
-- order when regenerated (line 2222), and an empty stem (line 2275).
INSERT INTO engine_generate VALUES
  (2222, 'from_uri', 'https://example.com', 'https://example.com/01/12312312312326/235/ABC?10=DEF',
   'https://example.com/01/12312312312326/235/ABC?10=DEF'),
  (2275, 'default', '', '(01)12312312312326', '/01/12312312312326');

CREATE TEMP VIEW engine_generate_result AS
SELECT line, opt, es, expect, got, got IS NOT DISTINCT FROM expect AND opt <> 'unk_attr' AS pass
  FROM (SELECT line, opt, es, expect,
               CASE WHEN opt = 'from_uri' THEN pg_temp.gen(pg_temp.es(es), base)
                    ELSE pg_temp.gen(es, base) END AS got
          FROM engine_generate) g;

-- Group C: Solidsoft Reply, GS1 Digital Link Library for .NET, URI -> AIs
-- and values.  github.com/Solidsoft-Reply/Gs1DigitalLinkLib, file
-- Tests/Features/ExtractFromGs1DigitalLink.feature, scenario "Extract AIs
-- and values from a Digital Link", commit
-- eb26a0ee4edff2c3d96f2436ea21afd5bc708263 (the repository states no
-- licence file; only its input/expected pairs are used, as facts).
CREATE TEMP TABLE solidsoft (uri text, expect text);
INSERT INTO solidsoft VALUES
  ('https://id.gs1.org/00/998440410914660971', '00=998440410914660971'),
  ('https://id.gs1.org/01/05412345000013', '01=05412345000013'),
  ('https://id.gs1.org/01/5412345000013', '01=05412345000013'),
  ('https://id.gs1.org/01/05412345000013/22/AJY3095721P49', '01=05412345000013 22=AJY3095721P49'),
  ('https://id.gs1.org/01/05412345000013/22/AJY3095721P49/10/ABC123', '01=05412345000013 22=AJY3095721P49 10=ABC123'),
  ('https://id.gs1.org/01/05412345000013/22/AJY3095721P49/10/ABC123/21/72292641703', '01=05412345000013 22=AJY3095721P49 10=ABC123 21=72292641703'),
  ('https://id.gs1.org/01/05412345000013/22/AJY3095721P49/21/72292641703', '01=05412345000013 22=AJY3095721P49 21=72292641703'),
  ('https://id.gs1.org/01/05412345000013/10/ABC123', '01=05412345000013 10=ABC123'),
  ('https://id.gs1.org/01/05412345000013/10/ABC123/21/72292641703', '01=05412345000013 10=ABC123 21=72292641703'),
  ('https://id.gs1.org/01/05412345000013/21/72292641703', '01=05412345000013 21=72292641703'),
  ('https://id.gs1.org/401/0541234537290A41%26GHpp33', '401=0541234537290A41&GHpp33'),
  ('https://id.gs1.org/402/21173492661712079', '402=21173492661712079'),
  ('https://id.gs1.org/410/5060917510004', '410=5060917510004'),
  ('https://id.gs1.org/411/5060917510004', '411=5060917510004'),
  ('https://id.gs1.org/412/5060917510004', '412=5060917510004'),
  ('https://id.gs1.org/413/5060917510004', '413=5060917510004'),
  ('https://id.gs1.org/414/5060917510004', '414=5060917510004'),
  ('https://id.gs1.org/414/5060917510004/254/RP56J920471', '414=5060917510004 254=RP56J920471'),
  ('https://id.gs1.org/414/5060917510004/7040/5KFX', '414=5060917510004 7040=5KFX'),
  ('https://id.gs1.org/415/5060917510004', '415=5060917510004'),
  ('https://id.gs1.org/416/5060917510004', '416=5060917510004'),
  ('https://id.gs1.org/417/5060917510004', '417=5060917510004'),
  ('https://id.gs1.org/417/5060917510004/7040/5KFX', '417=5060917510004 7040=5KFX'),
  ('https://id.gs1.org/8003/04965031954585', '8003=04965031954585'),
  ('https://id.gs1.org/8004/0541234537290A41%26GHpp33', '8004=0541234537290A41&GHpp33'),
  ('https://id.gs1.org/8004/0541234537290A41%26GHpp33/7040/5BVR', '8004=0541234537290A41&GHpp33 7040=5BVR'),
  ('https://id.gs1.org/8006/054123450000130201', '8006=054123450000130201'),
  ('https://id.gs1.org/8006/054123450000130201/10/ABC123', '8006=054123450000130201 10=ABC123'),
  ('https://id.gs1.org/8006/054123450000130201/10/ABC123/21/72292641703', '8006=054123450000130201 10=ABC123 21=72292641703'),
  ('https://id.gs1.org/8006/054123450000130201/21/72292641703', '8006=054123450000130201 21=72292641703'),
  ('https://id.gs1.org/8006/054123450000130201/22/AJY3095721P49', '8006=054123450000130201 22=AJY3095721P49'),
  ('https://id.gs1.org/8006/054123450000130201/22/AJY3095721P49/10/ABC123', '8006=054123450000130201 22=AJY3095721P49 10=ABC123'),
  ('https://id.gs1.org/8006/054123450000130201/22/AJY3095721P49/10/ABC123/21/72292641703', '8006=054123450000130201 22=AJY3095721P49 10=ABC123 21=72292641703'),
  ('https://id.gs1.org/8006/054123450000130201/22/AJY3095721P49/21/72292641703', '8006=054123450000130201 22=AJY3095721P49 21=72292641703'),
  ('https://id.gs1.org/8010/0541234537290A41%23GH33', '8010=0541234537290A41#GH33'),
  ('https://id.gs1.org/8010/0541234537290A41%23GH33/8011/6639047221', '8010=0541234537290A41#GH33 8011=6639047221'),
  ('https://id.gs1.org/8013/12345678901234MS', '8013=12345678901234MS'),
  ('https://id.gs1.org/8017/817019610850151481', '8017=817019610850151481'),
  ('https://id.gs1.org/8017/817019610850151481/8019/4003812', '8017=817019610850151481 8019=4003812'),
  ('https://id.gs1.org/8018/411369833821910265', '8018=411369833821910265'),
  ('https://id.gs1.org/8018/411369833821910265/8019/4003812', '8018=411369833821910265 8019=4003812');

CREATE TEMP VIEW solidsoft_result AS
SELECT uri, expect, pg_temp.ais(uri) AS got, pg_temp.ais(uri) IS NOT DISTINCT FROM expect AS pass
  FROM solidsoft;

-- The conformance table (doc/digital-link.md).
SELECT 'A gs1-syntax-engine parse' AS source, count(*) AS assertions, count(*) FILTER (WHERE pass) AS passed
  FROM engine_parse_result
UNION ALL
SELECT 'B gs1-syntax-engine generate', count(*), count(*) FILTER (WHERE pass) FROM engine_generate_result
UNION ALL
SELECT 'C Gs1DigitalLinkLib extract', count(*), count(*) FILTER (WHERE pass) FROM solidsoft_result;

-- Every assertion we do not pass, with what we return (explained in
-- doc/digital-link.md, "Conformance").
SELECT line, opt, uri, expect, got FROM engine_parse_result WHERE NOT pass ORDER BY line;
SELECT line, opt, es, expect, got FROM engine_generate_result WHERE NOT pass ORDER BY line;
SELECT uri, expect, got FROM solidsoft_result WHERE NOT pass ORDER BY uri;

-- The DETAIL of three refusals above (no primary key 410; ITIP piece 02 of
-- 01; a GTIN-13 in the strict reader), and the GMN of group C, whose check
-- character pair MS is right.
\set VERBOSITY default
SELECT gs1_digital_link_element_string('https://id.gs1.org/410/5060917510004');
SELECT gs1_digital_link_element_string('https://id.gs1.org/8006/054123450000130201');
SELECT gs1_digital_link_element_string('https://id.gs1.org/8013/12345678901234MS');
SELECT gs1_digital_link_element_string('https://id.gs1.org/01/5412345000013');
