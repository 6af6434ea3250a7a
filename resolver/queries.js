// The SQL the resolver runs.  Every value from a URL is a bind parameter
// ($1, $2 ...); nothing here is built from a request.  All domain work is
// done by the ocop extension's functions; the registry is read through the
// two views of the contract (README.md, "The database").

// A code through the extension's parser, the parser's complaint returned as
// data (resolver/sql/ocop_resolver.sql); LOOKUP_BY_* below do the same.
export const PARSE_CODE = 'SELECT code, err_state, err_message, err_detail FROM ocop_resolver_parse_code($1)';

// The cheap lookup every request makes: the product, and the lot when one is
// named (by lot number, or by the head printed on the label).  Its whole
// result, with chain_key (a digest of the chain's complete text, so any
// change to any event changes it) and today's date, is the cache key of the
// rendered page: a cached page can never show another verdict or another
// certificate status than a fresh one would.
//   $1 code text (canonical), $2 lot text or NULL, $3 label head hex or NULL,
//   $4 base URL of the resolver
const LOOKUP_COLUMNS = `
  p.code::text AS code, p.gtin, p.name, p.producer, p.commune, p.star::text AS star, p.potential_5star,
  p.certified::text AS certified, p.decision, current_date::text AS today,
  l.lot, encode(l.label_head, 'hex') AS label_head, md5(l.chain::text) AS chain_key,
  CASE WHEN p.gtin IS NOT NULL THEN gs1_digital_link(p.gtin, l.lot, NULL, NULL, $4) END AS link_uri,
  ocop_product_url(p.code, l.label_head) AS label_url`;

// /p/<code>: the code parsed and the product (and lot) looked up in one
// round trip.  $1 the code as the URL gives it, $2 lot or NULL, $3 label head
// hex or NULL, $4 base URL.  err_* set: malformed; code NULL: not found.
export const LOOKUP_BY_CODE = `
SELECT pc.err_state, pc.err_message, pc.err_detail, lk.*
  FROM ocop_resolver_parse_code($1::text) pc
  LEFT JOIN LATERAL (
    SELECT ${LOOKUP_COLUMNS}
      FROM ocop_resolver_product p
      -- the lot: by number; else the one whose label carries the head; else
      -- (only then: it reads every chain of the product) one whose chain
      -- has an event with that hash.  UNION ALL ... LIMIT 1 stops at the
      -- first branch that finds one.
      LEFT JOIN LATERAL (
        (SELECT x.lot, x.label_head, x.chain FROM ocop_resolver_lot x
          WHERE x.code = p.code AND x.lot = $2::text
            AND ($3::text IS NULL OR x.label_head = decode($3::text, 'hex'))
          LIMIT 1)
        UNION ALL
        (SELECT x.lot, x.label_head, x.chain FROM ocop_resolver_lot x
          WHERE x.code = p.code AND $2::text IS NULL AND x.label_head = decode($3::text, 'hex')
          ORDER BY x.lot LIMIT 1)
        UNION ALL
        (SELECT x.lot, x.label_head, x.chain FROM ocop_resolver_lot x
          WHERE x.code = p.code AND $2::text IS NULL AND $3::text IS NOT NULL
            AND EXISTS (SELECT FROM trace_events(x.chain) e WHERE e.hash = decode($3::text, 'hex'))
          ORDER BY x.lot LIMIT 1)
        LIMIT 1) l ON true
     WHERE p.code = pc.code::ocop_code) lk ON true`;

// A Digital Link URI parsed (gs1_digital_link_parse) and its product and
// lot looked up in one round trip.  $1 the URI, $4 base URL ($2, $3 unused
// here, NULL, so that both lookups share a cache-key shape).
export const LOOKUP_BY_LINK = `
SELECT pl.err_state, pl.err_message, pl.err_detail, pl.gtin AS parsed_gtin, pl.lot AS parsed_lot, lk.*
  FROM ocop_resolver_parse_link($1::text) pl
  LEFT JOIN LATERAL (
    SELECT ${LOOKUP_COLUMNS}
      FROM ocop_resolver_product p
      LEFT JOIN LATERAL (
        SELECT x.lot, x.label_head, x.chain FROM ocop_resolver_lot x
         WHERE x.code = p.code AND x.lot = pl.lot AND $2::text IS NULL AND $3::text IS NULL) l ON true
     WHERE p.gtin = pl.gtin
     LIMIT 1) lk ON true`;

// Everything the page shows beyond the lookup, for one product and lot.
//   $1 code, $2 lot or NULL, $3 the label's head (hex) or NULL, $4 language
//   (vi|en); the QR code carries ocop_product_url(code, head), with
//   ocop.resolver_base_url set on every connection of the pool
const MAP_SQL = `
  (SELECT CASE WHEN g.path IS NOT NULL THEN json_build_object(
            'path', ST_AsSVG(g.path, 0, 5),
            'points', (SELECT json_agg(json_build_object('seq', tp.seq, 'svg', ST_AsSVG(tp.geom, 0, 5)) ORDER BY tp.seq)
                         FROM trace_points(l.chain) tp),
            'xmin', ST_XMin(g.path), 'xmax', ST_XMax(g.path), 'ymin', ST_YMin(g.path), 'ymax', ST_YMax(g.path),
            'km', round(trace_distance_km(l.chain)::numeric, 1)) END
     FROM (SELECT trace_path(l.chain) AS path) g)`;

function pageSql(withMap) {
  return `
SELECT json_build_object(
  'product_set', ocop_product_set_name(ocop_code_product_set(p.code), $4::text),
  'stars', ocop_star_label(p.star, 'stars'),
  'star_label', ocop_star_label(p.star, $4::text),
  'certifier', CASE WHEN ocop_star_is_recognized(p.star) AND p.certified >= '2019-08-21'
                    THEN ocop_certifier(p.star, p.certified) END,
  'expiry', ocop_certificate_expiry(p.certified),
  'status', ocop_certificate_status(p.certified),
  'commune', (SELECT CASE WHEN $4::text = 'en' THEN coalesce(u.name_en, u.name) ELSE u.name END
                FROM ocop_admin_unit(p.commune) u),
  'place', (SELECT json_build_object('code', pl.code,
                     'name', CASE WHEN $4::text = 'en' THEN coalesce(pl.name_en, pl.name) ELSE pl.name END,
                     'former', pl.valid_to <= current_date)
              FROM ocop_code_place(p.code) pl WHERE pl.code IS NOT NULL),
  'qr', ocop_qr_svg(ocop_product_url(p.code, decode($3::text, 'hex')), 3, 4, 'M'),
  'lot', l.lot,
  'length', trace_length(l.chain),
  'chain_ok', trace_verify(l.chain),
  'sealed_seq', (SELECT min(e.seq) FROM trace_events(l.chain) e WHERE e.hash = decode($3::text, 'hex')),
  'events', (SELECT json_agg(json_build_object(
                 'seq', e.seq, 'bizstep', e.bizstep,
                 'at', to_char(e.at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY HH24:MI'),
                 'actor', e.actor, 'place', e.place,
                 'place_name', CASE WHEN e.place ~ '^[0-9]{5}$' THEN ocop_admin_name(e.place, (e.at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) END,
                 'quantity', e.quantity, 'uom', e.uom, 'disposition', e.disposition,
                 'hash', encode(e.hash, 'hex')) ORDER BY e.seq)
               FROM trace_events(l.chain) e),
  'map', ${withMap ? MAP_SQL : 'NULL'}
) AS page
  FROM ocop_resolver_product p
  LEFT JOIN ocop_resolver_lot l ON l.code = p.code AND l.lot = $2::text
 WHERE p.code = $1::text::ocop_code`;
}
export const PAGE = pageSql(false);
export const PAGE_WITH_MAP = pageSql(true);

// The certificate as JSON (gs1:certificationInfo).  $1 code.
export const CERTIFICATE = `
SELECT p.code::text AS code, p.star::text AS star, ocop_star_label(p.star, 'stars') AS stars,
       p.potential_5star, p.certified::text AS certified, p.decision,
       ocop_certificate_expiry(p.certified)::text AS valid_until,
       ocop_certificate_status(p.certified) AS status,
       CASE WHEN ocop_star_is_recognized(p.star) AND p.certified >= '2019-08-21'
            THEN ocop_certifier(p.star, p.certified) END AS certifier,
       current_date::text AS as_of
  FROM ocop_resolver_product p
 WHERE p.code = $1::text::ocop_code`;

// The lot's EPCIS 2.0 document.  $1 code, $2 lot.
export const EPCIS = `
SELECT trace_to_epcis(l.chain)::text AS doc
  FROM ocop_resolver_lot l
 WHERE l.code = $1::text::ocop_code AND l.lot = $2::text`;

// What is installed: the views of the contract, the parsers, trace_path.
export const CAPABILITIES = `
SELECT to_regclass('ocop_resolver_product') IS NOT NULL AND to_regclass('ocop_resolver_lot') IS NOT NULL AS views,
       to_regprocedure('ocop_resolver_parse_code(text)') IS NOT NULL
         AND to_regprocedure('ocop_resolver_parse_link(text)') IS NOT NULL AS parsers,
       to_regprocedure('trace_path(trace_chain)') IS NOT NULL
         AND to_regprocedure('trace_points(trace_chain)') IS NOT NULL
         AND to_regprocedure('trace_distance_km(trace_chain)') IS NOT NULL AS map`;
