# Checks over a database holding test/fixtures/all_types.sql and the user
# objects below, shared by test/scripts/upgrade.sh (ALTER EXTENSION UPDATE)
# and test/matrix/pg_upgrade.sh (pg_upgrade across PostgreSQL majors).
# Sourced; psql connects with the caller's PG* settings.

# user_objects DB: objects of the user that depend on the extensions (an
# expression index, a view, a generated column, a check constraint, villages in
# ocop_postgis's configuration table).
user_objects() {
  psql -X -q -v ON_ERROR_STOP=1 -d "$1" >/dev/null <<'SQL'
CREATE INDEX rt_code_province_idx ON rt_code (ocop_code_province(code));
CREATE VIEW up_view AS SELECT s.star, ocop_star_label(s.star, 'en') AS label, count(*) AS n
  FROM rt_star s GROUP BY s.star;
CREATE TABLE up_gen (id int PRIMARY KEY, code ocop_code NOT NULL CHECK (ocop_code_year(code) >= 2018),
  province int GENERATED ALWAYS AS (ocop_code_province(code)) STORED);
INSERT INTO up_gen SELECT id, code FROM rt_code WHERE code IS NOT NULL AND id <= 1000;
INSERT INTO ocop_village (name, kind, craft, commune_code, geom, source)
SELECT 'Làng nghề thử ' || g, 'craft', 'gốm', '00004',
       ST_Buffer(ST_SetSRID(ST_MakePoint(105.85 + g / 1000.0, 21.03), 4326)::geography, 100)::geometry, 'upgrade test'
FROM generate_series(1, 3) g;
ANALYZE;
SQL
}

# Answers of the functions over the data: hashes (which must never change),
# parts, labels, chains' heads and verification, EPCIS, QR text, places.
answers() {
  psql -X -At -q -d "$1" <<'SQL'
SELECT 'code', md5(string_agg(concat_ws(' ', id, code, code::bigint, ocop_code_hash(code), ocop_code_hash_extended(code, 7),
       ocop_code_province(code), ocop_code_district(code), ocop_code_commune(code), ocop_code_product_set(code),
       ocop_code_year(code), ocop_code_serial(code), ocop_code_check_digit(code), ocop_code_in_area(code, '01'),
       (ocop_code_place(code)).name), E'\n' ORDER BY id)) FROM rt_code;
SELECT 'code parts', md5(string_agg(ocop_code_parts(code)::text, E'\n' ORDER BY id)) FROM rt_code WHERE id < 300;
SELECT 'partitions', (SELECT count(*) FROM rt_code_parts_0), (SELECT count(*) FROM rt_code_parts_1);
SELECT 'star', md5(string_agg(concat_ws(' ', id, star, star::int, ocop_star_hash(star), ocop_star_hash_extended(star, 7),
       ocop_star_label(star, 'en'), ocop_star_label(star, 'vi'), ocop_star_label(star, 'stars'), ocop_star_is_recognized(star)),
       E'\n' ORDER BY id)), avg(star), min(star), max(star) FROM rt_star;
SELECT 'chain', md5(string_agg(concat_ws(' ', id, trace_length(chain), encode(trace_head(chain), 'hex'), trace_verify(chain),
       trace_origin(chain), trace_last(chain), trace_to_epcis(chain, '2026-01-01T00:00:00Z')), E'\n' ORDER BY id)) FROM rt_chain;
SELECT 'rules', ocop_star_from_score(85), ocop_star_from_parts(30, 20, 30), ocop_certifier('5★', '2024-06-01'),
       ocop_certificate_expiry('2024-02-29'), ocop_product_set_name(7, 'en'), ocop_regime_in_force('2020-01-01');
SELECT 'qr', ocop_qr_text('OCOP-01-00004-21-2025-0042-9', 1), md5(ocop_qr_png('OCOP-01-00004-21-2025-0042-9', 4, 2, 'M')),
       gs1_digital_link('08931234567897', lot => 'L1', expiry => '2027-01-31');
SELECT 'admin', (ocop_admin_unit('00004', '2025-06-01')).name, (SELECT string_agg(code, ',' ORDER BY code) FROM ocop_admin_successors('00004'));
SELECT 'geo', ocop_commune_at(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326)),
       (SELECT string_agg(v::text, ',') FROM ocop_villages_near(ST_SetSRID(ST_MakePoint(105.851, 21.03), 4326), 5) v);
SELECT 'vn2000', ST_AsText(ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), '01'));
SELECT 'user objects', (SELECT md5(string_agg(v::text, ',' ORDER BY v::text)) FROM up_view v),
       (SELECT md5(string_agg(province::text, ',' ORDER BY id)) FROM up_gen);
SQL
}

# The VN-2000 line of answers(), computed on its own (upgrade.sh compares it
# with a fresh install's where a release had the PostgreSQL 18 defect).
vn2000_answer() {
  psql -X -At -q -d "$1" -c "SELECT 'vn2000', ST_AsText(ocop_to_vn2000(ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), '01'))"
}

# Index scans against sequential scans, with the planner forced each way.
# Each query names the index (an extended regex) that must answer it: the
# forced plan must scan that index (Index Scan, Index Only Scan or Bitmap
# Index Scan) with an Index Cond, not merely mention an index.
index_vs_seq() {
  local line idx q out1 out2 n=0 bad=0
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    idx=${line%% @@ *}; q=${line#* @@ }
    out1=$(psql -X -At -q -d "$1" -c "SET enable_indexscan = off" -c "SET enable_bitmapscan = off" -c "$q")
    out2=$(psql -X -At -q -d "$1" -c "SET enable_seqscan = off" -c "$q")
    plan=$(psql -X -At -q -d "$1" -c "SET enable_seqscan = off" -c "EXPLAIN $q")
    n=$((n + 1))
    if [ -z "$out1" ] || [ "$out1" != "$out2" ]; then
      echo "index scan answers differently (or nothing): $q" >&2; bad=$((bad + 1))
    elif ! awk -v re="(Index Scan|Index Only Scan|Bitmap Index Scan) (using|on) ($idx)( |\$)" \
           'hit && /Index Cond:/ {found = 1} {hit = ($0 ~ re)} END {exit !found}' <<< "$plan"; then
      echo "not answered by a scan of $idx with an Index Cond: $q" >&2; echo "$plan" >&2; bad=$((bad + 1))
    fi
  done <<'QUERIES'
rt_code_code_idx @@ SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_code WHERE code >= ocop_code(1, 100, 3, 2020, 1) AND code < ocop_code(30, 1, 0, 2018, 1)
rt_code_code_idx1? @@ SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_code WHERE code = ANY (SELECT code FROM rt_code WHERE id % 97 = 0)
rt_code_code_idx @@ SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_code WHERE ocop_code_in_area(code, '05')
rt_code_province_idx @@ SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_code WHERE ocop_code_province(code) = 7
rt_star_star_idx @@ SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_star WHERE star >= '4★'
rt_star_star_idx1? @@ SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_star WHERE star = '2★'
rt_chain_chain_idx @@ SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_chain WHERE chain @> '{"actor": "HTX-123"}'
rt_chain_chain_idx @@ SELECT string_agg(id::text, ',' ORDER BY id) FROM rt_chain WHERE chain @> '{"bizStep": "shipping", "disposition": "in_transit"}'
QUERIES
  echo "$n $bad"
}

# Equality through the hash indexes alone (the B-tree ones dropped in a
# transaction that is rolled back): prints "<joins checked> <differing>".
hash_vs_seq() {
  psql -X -At -q -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
BEGIN;
CREATE TEMP TABLE probe ON COMMIT DROP AS
  SELECT c.code, s.star FROM rt_code c JOIN rt_star s USING (id) WHERE id % 13 = 0;
SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
CREATE TEMP TABLE expect ON COMMIT DROP AS
  SELECT (SELECT string_agg(r.id::text, ',' ORDER BY r.id) FROM probe p JOIN rt_code r ON r.code = p.code) AS codes,
         (SELECT count(*) FROM probe p JOIN rt_star r ON r.star = p.star) AS stars;
DO $$ DECLARE i record; BEGIN
  FOR i IN SELECT x.indexrelid::regclass AS idx FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
           JOIN pg_am a ON a.oid = c.relam AND a.amname = 'btree'
           WHERE x.indrelid IN ('rt_code'::regclass, 'rt_star'::regclass) AND NOT x.indisprimary LOOP
    EXECUTE format('DROP INDEX %s', i.idx);
  END LOOP; END $$;
SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = on; SET LOCAL enable_bitmapscan = on;
SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;
CREATE TEMP TABLE plans (line text) ON COMMIT DROP;
DO $$ DECLARE l text; BEGIN
  FOR l IN EXECUTE 'EXPLAIN SELECT r.id FROM probe p JOIN rt_code r ON r.code = p.code' LOOP INSERT INTO plans VALUES (l); END LOOP;
  FOR l IN EXECUTE 'EXPLAIN SELECT r.id FROM probe p JOIN rt_star r ON r.star = p.star' LOOP INSERT INTO plans VALUES (l); END LOOP;
END $$;
SELECT 2, (CASE WHEN (SELECT string_agg(r.id::text, ',' ORDER BY r.id) FROM probe p JOIN rt_code r ON r.code = p.code)
                     IS NOT DISTINCT FROM (SELECT codes FROM expect) THEN 0 ELSE 1 END)
        + (CASE WHEN (SELECT count(*) FROM probe p JOIN rt_star r ON r.star = p.star) = (SELECT stars FROM expect)
                THEN 0 ELSE 1 END)
        + (CASE WHEN (SELECT count(*) FROM plans WHERE line ~ '(Index Scan using|Bitmap Index Scan on) rt_(code|star)_\w+') = 2
                THEN 0 ELSE 1 END);
ROLLBACK;
SQL
}

