// HTTP tests of the resolver (run by test/scripts/resolver.sh, which starts
// the server on a scratch copy of the demo registry).  Every expected value
// is computed from the database through the extension's functions, not from
// the resolver.  The rules are cited:
//   [DL] GS1 Digital Link 1.2, resolver conformance statements (the list the
//        GS1 resolver test suite checks, GS1DL-resolver-testsuite
//        Conformance1_2.txt), quoted;
//   [RFC9264] Linkset: Media Types and a Link Relation Type for Link Sets;
//   [RFC9110] HTTP Semantics.
// Environment: RESOLVER_URL (base), PG* of the scratch database, OUT (folder).
// Prints "ok"/"FAIL" lines and exits 1 on any failure.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const BASE = process.env.RESOLVER_URL;
const OUT = process.env.OUT || '/tmp';
const base = new URL(BASE);
const db = new pg.Client();
await db.connect();
const one = async (sql, params = []) => (await db.query(sql, params)).rows[0];

let pass = 0, fail = 0;
function ok(cond, name, extra = '') {
  if (cond) { pass++; console.log(`   ok   ${name}`); } else { fail++; console.log(`   FAIL ${name}${extra ? `: ${extra}` : ''}`); }
}
function eq(got, want, name) { ok(JSON.stringify(got) === JSON.stringify(want), name, `got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`); }

// A raw request: the path goes on the wire exactly as given.
function req(path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: base.hostname, port: base.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body: buf.toString('utf8'), bytes: buf.length });
      });
    });
    r.on('error', reject);
    r.end();
  });
}
const HTML = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const LS = { Accept: 'application/linkset+json' };
const attr = (body, id, a) => (new RegExp(`id="${id}"[^>]*?${a}="([^"]*)"`).exec(body) || [])[1];
const text = (body, id) => ((new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(body) || [])[1] || '').trim();

// --- the data the tests use, from the database ---------------------------
const SQL_LOT = `SELECT l.lot, l.code::text AS code, encode(l.label_head, 'hex') AS head, g.gtin,
         trace_length(l.chain) AS n, encode(trace_head(l.chain), 'hex') AS chain_head,
         ocop_star_label(p.star, 'stars') AS stars, ocop_certificate_status(c.decided) AS status,
         gs1_digital_link(g.gtin, l.lot, NULL, NULL, $2) AS dl
    FROM lot l JOIN product p ON p.code = l.code JOIN product_gtin g ON g.code = l.code
    JOIN certificate c ON c.code = l.code WHERE l.lot = $1`;
const good = await one(SQL_LOT, ['LOT-2025-00001', BASE]);
const tampered = await one(SQL_LOT, ['LOT-2025-07777', BASE]);
await db.query(`SET ocop.resolver_base_url = '${BASE}/p'`);
const labelUrl = async (code, head) => (await one('SELECT ocop_product_url($1::ocop_code, decode($2, \'hex\')) AS u', [code, head])).u;
// A well-formed code and a valid GTIN that the registry does not hold.
const unknownCode = (await one(`SELECT ocop_code(1, 577, 21, 2026, 9999)::text AS c`)).c;
const unknownGtin = (await one(`SELECT '0952999999999' || d AS g FROM generate_series(0, 9) d WHERE gtin_is_valid('0952999999999' || d)`)).g;
// The sealed code with its check digit changed: a typo.
const typo = good.code.replace(/-(\d)$/, (m, d) => `-${(Number(d) + 1) % 10}`);
const p = (code, h, q = '') => `/p/${encodeURIComponent(code)}${h ? `?h=${h}${q}` : q ? `?${q.slice(1)}` : ''}`;
const dlPath = (gtin, lot) => `/01/${gtin}${lot ? `/10/${encodeURIComponent(lot)}` : ''}`;

console.log('-- service');
{
  const r = await req('/healthz');
  eq([r.status, r.headers['content-type']], [200, 'text/plain'], '/healthz is 200 text/plain');
  const root = await req('/', { headers: HTML });
  eq([root.status, root.headers['content-type']], [200, 'text/html; charset=utf-8'], '/ (the URL make demo prints) is a page');
  const r2 = await req('/readyz');
  eq([r2.status, r2.body.trim()], [200, 'ready'], '/readyz is 200 "ready" (database reached, views and parsers there)');
}

console.log('-- the product page (/p/<code>?h=<head>, what ocop_product_url prints)');
const pageUrl = await labelUrl(good.code, good.head);
ok(pageUrl.startsWith(`${BASE}/p/`), 'ocop_product_url prints a URL under this resolver', pageUrl);
const page = await req(new URL(pageUrl).pathname + new URL(pageUrl).search, { headers: HTML });
eq([page.status, page.headers['content-type']], [200, 'text/html; charset=utf-8'], 'a label URL: 200 text/html; charset=utf-8');
ok(/<html lang="vi">/.test(page.body), 'Vietnamese by default (html lang="vi")');
eq(attr(page.body, 'verdict', 'data-verdict'), 'sealed', 'an untouched lot: verdict "sealed"');
ok(page.body.includes('Hành trình này đúng là hành trình đã được niêm phong trên nhãn của bạn.'), 'the sealed verdict in Vietnamese');
eq(text(page.body, 'stars'), good.stars, 'the stars are ocop_star_label(star, \'stars\')');
eq(attr(page.body, 'validity', 'data-status'), good.status, 'the certificate status is ocop_certificate_status(decided) today');
eq((page.body.match(/<li class="sealed" data-seq=/g) || []).length, good.n, 'the timeline has one entry per event (trace_length)');
ok(/<section id="map"[^]*<path d="M [-0-9.]+ [-0-9.]+ L/.test(page.body), 'the map: an SVG path (trace_path through ST_AsSVG)');
ok(page.bytes < 100 * 1024, `page weight under 100 KB (${page.bytes} bytes)`);
ok(!/<script|<link|<img|<iframe|<object|<embed|@import|url\(|\ssrc=/i.test(page.body), 'no script, stylesheet, image, frame or url() to load: nothing external');
const hrefs = [...page.body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
ok(hrefs.every((h) => h.startsWith('/') || h.startsWith(BASE)), 'every link stays on the resolver', hrefs.join(' '));
ok(/rel="linkset"/.test(page.headers.link || ''), 'Link header to the linkset ([DL] "SHOULD expose link to the linkset in an HTTP Link header")');
// The QR code on the page decodes (rsvg-convert, zbarimg) to the label URL.
{
  const svg = /<section id="qr"[^]*?(<svg[^]*?<\/svg>)/.exec(page.body);
  let decoded = '';
  if (svg) {
    writeFileSync(`${OUT}/qr.svg`, svg[1]);
    execFileSync('rsvg-convert', ['-w', '400', '-b', 'white', '-o', `${OUT}/qr.png`, `${OUT}/qr.svg`]);
    decoded = execFileSync('zbarimg', ['--nodbus', '-q', '--raw', `${OUT}/qr.png`]).toString().trim();
  }
  eq(decoded, pageUrl, 'the QR code on the page decodes (zbarimg) to the label URL');
}
{
  const en = await req(p(good.code, good.head, '&lang=en'), { headers: HTML });
  ok(/<html lang="en">/.test(en.body) && en.body.includes('This journey is the one sealed on your label.'), '?lang=en: English');
  const al = await req(p(good.code, good.head), { headers: { ...HTML, 'Accept-Language': 'en-GB,en;q=0.9' } });
  ok(/<html lang="en">/.test(al.body), 'Accept-Language: en-GB,en → English');
  const al2 = await req(p(good.code, good.head), { headers: { ...HTML, 'Accept-Language': 'vi;q=0.5, en;q=0.8' } });
  ok(/<html lang="en">/.test(al2.body), 'Accept-Language: vi;q=0.5, en;q=0.8 → English (q-values)');
  const al3 = await req(p(good.code, good.head), { headers: { ...HTML, 'Accept-Language': 'fr-FR,de;q=0.5' } });
  ok(/<html lang="vi">/.test(al3.body), 'Accept-Language without vi or en → Vietnamese');
  const bad = await req(p(good.code, good.head, '&lang=fr'), { headers: HTML });
  eq(bad.status, 400, '?lang=fr is 400');
}

console.log('-- verdicts');
{
  const t = await req(p(tampered.code, tampered.head), { headers: HTML });
  eq([t.status, attr(t.body, 'verdict', 'data-verdict'), attr(t.body, 'verdict', 'class')], [200, 'mismatch', 'warn'],
    'the tampered lot (demo report section 7): verdict "mismatch", a warning');
  ok(t.body.includes('KHÔNG khớp với mã niêm phong trên nhãn'), 'the warning says the journey does not match the label');
  ok(tampered.chain_head !== tampered.head, 'its chain head differs from the head on its label (the database agrees)');
  const u = await req(p(good.code, '00ff'), { headers: HTML });
  eq([u.status, attr(u.body, 'verdict', 'data-verdict')], [200, 'unknown-head'], 'a head that matches no lot of the product: "unknown-head"');
  const n = await req(p(good.code), { headers: HTML });
  eq([n.status, attr(n.body, 'verdict', 'data-verdict')], [200, 'none'], 'no head on the label: product information only ("none")');
  ok(!/<section id="journey"/.test(n.body), 'no head: no journey shown');
  const up = await req(p(good.code, good.head.toUpperCase()), { headers: HTML });
  eq(attr(up.body, 'verdict', 'data-verdict'), 'sealed', 'the head in upper-case hex is the same head');
}

console.log('-- malformed, unknown (400, 404)');
{
  const t = await req(p(typo), { headers: HTML });
  eq([t.status, t.headers['content-type']], [400, 'text/html; charset=utf-8'], 'a code with a wrong check digit: 400 text/html');
  ok(/Check digit is \d, expected \d/.test(t.body) && t.body.includes('gõ sai một chữ số'), 'the 400 page says the check digit caught a typo');
  const j = await req(p(typo), { headers: { Accept: 'application/json' } });
  const pj = JSON.parse(j.body);
  eq([j.status, j.headers['content-type'], pj.status, pj.code], [400, 'application/problem+json; charset=utf-8', 400, 'bad_code'],
    'the same for a JSON client: application/problem+json (RFC 9457)');
  const g = await req(p('OCOP-01-abc'), { headers: HTML });
  eq(g.status, 400, 'a malformed code: 400');
  const u = await req(p(unknownCode), { headers: HTML });
  eq(u.status, 404, `a well-formed code the registry does not hold (${unknownCode}): 404`);
  for (const h of ['xyz', 'abc', '', 'a'.repeat(130)]) {
    const r = await req(`/p/${good.code}?h=${h}`, { headers: HTML });
    eq(r.status, 400, `h=${h.slice(0, 10)}${h.length > 10 ? '…' : ''}: 400 (2 to 128 hex digits)`);
  }
  const two = await req(`/p/${good.code}?h=00&h=11`);
  eq(two.status, 400, 'h given twice: 400');
  const nf = await req('/nothing/here');
  eq(nf.status, 404, 'an unknown path: 404');
}

console.log('-- GS1 Digital Link URIs');
const goodDl = dlPath(good.gtin, good.lot);
{
  const r = await req(goodDl, { headers: HTML });
  eq([r.status, r.headers.location], [307, pageUrl],
    'a browser: 307 to the default link, the lot\'s label page ([DL] "SHALL redirect to the default link")');
  ok(/rel="linkset"/.test(r.headers.link || ''), 'the redirect carries the Link header to the linkset ([DL] "even when redirecting")');
  const q = await req(`${goodDl}?lang=en`, { headers: HTML });
  eq(q.headers.location, `${pageUrl}&lang=en`, 'the query string is passed on ([DL] "SHALL pass on all key=value pairs")');
  const any = await req(goodDl);
  eq(any.status, 307, 'no Accept header: the default link too');
  const slash = await req(`${goodDl}/`, { headers: HTML });
  eq(slash.status, 307, 'a trailing slash is tolerated ([DL] "SHOULD tolerate trailing slashes")');
  const g13 = await req(dlPath(good.gtin.slice(1), good.lot), { headers: HTML });
  eq([g13.status, g13.headers.location], [307, pageUrl], 'the GTIN-13 form of the same GTIN resolves alike (gs1_digital_link_parse pads it)');
  const t = await req(dlPath(tampered.gtin, tampered.lot), { headers: HTML });
  const tp = await req(new URL(t.headers.location).pathname + new URL(t.headers.location).search, { headers: HTML });
  eq(attr(tp.body, 'verdict', 'data-verdict'), 'mismatch', 'the tampered lot by its Digital Link URI: the page warns');
  const ai = await req(`${goodDl}?17=261231`, { headers: HTML });
  eq(ai.status, 307, 'a query AI (17, expiry) is accepted');
  const badai = await req(`${goodDl}?17=261399`, { headers: HTML });
  eq(badai.status, 400, 'a query AI 17 that is no date: 400 ([DL] "SHALL extract and syntactically validate the URI ... 400")');
  const short = await req('/01/123', { headers: HTML });
  eq(short.status, 400, '/01/123: 400 ([DL] syntactic validation)');
  ok(short.body.includes('GS1 Digital Link'), 'the 400 page names what is wrong');
  const cd = await req(`/01/${good.gtin.slice(0, 13)}${(Number(good.gtin[13]) + 1) % 10}`, { headers: HTML });
  eq(cd.status, 400, 'a GTIN with a wrong check digit: 400');
  const ug = await req(dlPath(unknownGtin), { headers: HTML });
  eq(ug.status, 404, 'a valid GTIN the registry does not hold: 404');
  const ul = await req(dlPath(good.gtin, 'NO-SUCH-LOT'), { headers: HTML });
  eq(ul.status, 404, 'a lot the product does not have: 404');
  const order = await req(`/01/${good.gtin}/21/S1/10/${good.lot}`, { headers: HTML });
  eq(order.status, 400, 'qualifiers out of order (/21 before /10): 400');
}

console.log('-- the linkset ([RFC9264] application/linkset+json, [DL])');
const GS1 = 'https://gs1.org/voc/';
async function checkLinkset(r, anchor, wantTypes, name) {
  eq([r.status, r.headers['content-type']], [200, 'application/linkset+json; charset=utf-8'], `${name}: 200 application/linkset+json`);
  let ls;
  try { ls = JSON.parse(r.body); } catch { ls = null; }
  ok(ls && Array.isArray(ls.linkset) && ls.linkset.length === 1, `${name}: a "linkset" array of one link context ([RFC9264] 4.2.1)`);
  const ctx = ls && ls.linkset[0];
  eq(ctx && ctx.anchor, anchor, `${name}: anchor = the uncompressed Digital Link URI (gs1_digital_link) ([RFC9264] 4.2.2, [DL] "subject ... SHALL be the uncompressed version")`);
  eq(ctx && Object.keys(ctx).filter((k) => k !== 'anchor').sort(), wantTypes.map((t) => GS1 + t).sort(), `${name}: link types ${wantTypes.join(', ')} in the GS1 Web vocabulary`);
  const all = ctx ? Object.entries(ctx).filter(([k]) => k !== 'anchor') : [];
  ok(all.every(([, v]) => Array.isArray(v) && v.length > 0), `${name}: each relation holds an array of target objects ([RFC9264] 4.2.3)`);
  ok(all.every(([, v]) => v.every((t) => /^https?:\/\//.test(t.href) && t.title && /^[a-z]+\/[a-z0-9.+-]+$/.test(t.type))),
    `${name}: every target has href, title and a media type ([DL] "SHALL include the target URL, the link relationship type ... and a human-readable title")`);
  const pip = ctx && ctx[`${GS1}pip`][0];
  ok(pip && Array.isArray(pip.hreflang) && pip.hreflang.includes('vi') && pip.hreflang.includes('en'), `${name}: gs1:pip has hreflang as an array ([RFC9264] 4.2.4.1)`);
  eq(ctx && ctx[`${GS1}defaultLink`][0].href, pip && pip.href, `${name}: the default link is also typed gs1:pip ([DL] "SHALL recognise one available link as the default")`);
  return ctx;
}
{
  const ctx = await checkLinkset(await req(goodDl, { headers: LS }), good.dl, ['pip', 'traceability', 'certificationInfo', 'defaultLink'], 'Accept: application/linkset+json on a lot');
  eq(ctx[`${GS1}pip`][0].href, pageUrl, 'gs1:pip is the label page');
  await checkLinkset(await req(`${goodDl}?linkType=linkset`), good.dl, ['pip', 'traceability', 'certificationInfo', 'defaultLink'], '?linkType=linkset ([DL] "SHALL respond to ... linkType set to linkset")');
  await checkLinkset(await req(`${goodDl}?linkType=all`), good.dl, ['pip', 'traceability', 'certificationInfo', 'defaultLink'], '?linkType=all (DL 1.1)');
  const productDl = (await one('SELECT gs1_digital_link($1, NULL, NULL, NULL, $2) AS u', [good.gtin, BASE])).u;
  const pctx = await checkLinkset(await req(dlPath(good.gtin), { headers: LS }), productDl, ['pip', 'certificationInfo', 'defaultLink'], 'a product (no lot)');
  eq(pctx[`${GS1}pip`][0].href, await labelUrl(good.code, null), 'a product\'s gs1:pip is its page without a head');
  const lsp = await req(p(good.code, good.head), { headers: LS });
  eq([lsp.status, JSON.parse(lsp.body).linkset[0].anchor], [200, good.dl], 'the linkset of a label URL (/p) is the lot\'s, anchored at its Digital Link URI');
  ok(/json-ld#context/.test((await req(goodDl, { headers: LS })).headers.link || ''), 'a linkset response links the GS1 linkset JSON-LD context');
}

console.log('-- linkType: 307 to the link, 404 when there is none ([DL])');
{
  const tr = await req(`${goodDl}?linkType=gs1:traceability`);
  const want = `${BASE}/epcis/${encodeURIComponent(good.code)}/${good.lot}`;
  eq([tr.status, tr.headers.location], [307, want], 'linkType=gs1:traceability: 307 to the EPCIS document ([DL] "SHALL redirect to the requested linkType")');
  const doc = await req(new URL(tr.headers.location).pathname);
  eq([doc.status, doc.headers['content-type']], [200, 'application/ld+json; charset=utf-8'], 'the EPCIS document: 200 application/ld+json');
  const d = JSON.parse(doc.body);
  const evs = d.epcisBody && d.epcisBody.eventList;
  eq([d.type, evs && evs.length, evs && evs[evs.length - 1]['ocop:hash']], ['EPCISDocument', good.n, good.chain_head],
    'an EPCISDocument of trace_length events whose last ocop:hash is trace_head (trace_to_epcis)');
  const full = await req(`${goodDl}?linkType=${encodeURIComponent(`${GS1}pip`)}`);
  eq([full.status, full.headers.location], [307, pageUrl], 'linkType as a full IRI (https://gs1.org/voc/pip): 307 to the page');
  const ci = await req(`${goodDl}?linkType=gs1:certificationInfo`);
  eq(ci.status, 307, 'linkType=gs1:certificationInfo: 307');
  const cj = await req(new URL(ci.headers.location).pathname);
  const c = JSON.parse(cj.body);
  eq([cj.status, cj.headers['content-type'], c.status, c.stars], [200, 'application/json; charset=utf-8', good.status, good.stars],
    'the certificate: 200 application/json, status and stars as the extension computes them');
  const none = await req(`${goodDl}?linkType=gs1:recallStatus`);
  eq(none.status, 404, 'linkType=gs1:recallStatus (not available): 404 ([DL] "SHALL return a 404 Not Found message if a link of the requested type is not available")');
  const tnone = await req(`${dlPath(good.gtin)}?linkType=gs1:traceability`);
  eq(tnone.status, 404, 'gs1:traceability on a product without a lot: 404');
  const ld = await req(goodDl, { headers: { Accept: 'application/ld+json' } });
  eq([ld.status, ld.headers['content-type'], JSON.parse(ld.body).type], [200, 'application/ld+json; charset=utf-8', 'EPCISDocument'],
    'Accept: application/ld+json on a lot: the EPCIS document itself');
  const ldp = await req(dlPath(good.gtin), { headers: { Accept: 'application/ld+json' } });
  eq(ldp.status, 406, 'Accept: application/ld+json on a product (no lot): 406 ([RFC9110] 15.5.7)');
  const xml = await req(goodDl, { headers: { Accept: 'image/png' } });
  eq(xml.status, 406, 'Accept: image/png only: 406');
  const epn = await req(`/epcis/${good.code}/NO-SUCH-LOT`);
  eq(epn.status, 404, '/epcis of an unknown lot: 404');
  const wk = await req('/.well-known/gs1resolver');
  const w = JSON.parse(wk.body);
  eq([wk.status, w.supportedPrimaryKeys, w.resolverRoot], [200, ['01'], BASE], '/.well-known/gs1resolver ([DL] "SHALL provide a resolver description file")');
}

console.log('-- methods ([DL] "SHALL support ... GET, HEAD and OPTIONS", "SHALL support CORS"; [RFC9110] 15.5.6)');
{
  const h = await req(p(good.code, good.head), { method: 'HEAD', headers: HTML });
  eq([h.status, h.headers['content-type'], h.bytes], [200, 'text/html; charset=utf-8', 0], 'HEAD: 200, the GET\'s content type, no body');
  const o = await req(goodDl, { method: 'OPTIONS', headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET' } });
  eq([o.status, o.headers.allow, o.headers['access-control-allow-origin']], [204, 'GET, HEAD, OPTIONS', '*'], 'OPTIONS: 204 with Allow and CORS headers');
  eq(page.headers['access-control-allow-origin'], '*', 'a GET carries Access-Control-Allow-Origin');
  for (const m of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const r = await req(p(good.code, good.head), { method: m });
    eq([r.status, r.headers.allow], [405, 'GET, HEAD, OPTIONS'], `${m}: 405 with Allow`);
  }
}

console.log('-- the cache never shows a stale verdict or certificate status');
{
  // A lot and product of their own, so the other tests are not disturbed.
  const lot = await one(`SELECT l.lot, l.code::text AS code, encode(l.label_head, 'hex') AS head FROM lot l
                          WHERE l.lot = 'LOT-2025-00002'`);
  const url = p(lot.code, lot.head);
  const first = await req(url, { headers: HTML });
  await req(url, { headers: HTML });                               // now cached
  eq(attr(first.body, 'verdict', 'data-verdict'), 'sealed', 'before: sealed');
  // An event appended after the label: still sealed, with one step after.
  await db.query(`UPDATE lot SET chain = trace_append(chain, 'receiving', '2025-12-01 08:00+07', actor => 'SHOP-1') WHERE lot = $1`, [lot.lot]);
  const ext = await req(url, { headers: HTML });
  eq([attr(ext.body, 'verdict', 'data-verdict'), (ext.body.match(/<li class="after"/g) || []).length], ['sealed', 1],
    'an event appended after the label: at once one more step, marked as after the label, still sealed');
  // The chain rewritten (same events, one quantity changed, rehashed).
  await db.query(`UPDATE lot SET chain = (SELECT trace_from_epcis(jsonb_set(d, '{epcisBody,eventList,1,ocop:quantity}', '1')) FROM
                   (SELECT trace_to_epcis(chain) #- '{epcisBody,eventList,0,ocop:hash}' #- '{epcisBody,eventList,1,ocop:hash}'
                           #- '{epcisBody,eventList,2,ocop:hash}' #- '{epcisBody,eventList,3,ocop:hash}' #- '{epcisBody,eventList,4,ocop:hash}' AS d) s)
                   WHERE lot = $1`, [lot.lot]);
  const rew = await req(url, { headers: HTML });
  eq(attr(rew.body, 'verdict', 'data-verdict'), 'mismatch', 'the chain rewritten after the label (a quantity changed, rehashed): at once "mismatch"');
  // The certificate renewed / lapsed: the status follows at once.
  const before = await req(url, { headers: HTML });
  await db.query(`UPDATE certificate SET decided = current_date - 10 WHERE code = $1::ocop_code`, [lot.code]);
  const act = await req(url, { headers: HTML });
  await db.query(`UPDATE certificate SET decided = current_date - interval '37 months' WHERE code = $1::ocop_code`, [lot.code]);
  const exp = await req(url, { headers: HTML });
  eq([attr(act.body, 'validity', 'data-status'), attr(exp.body, 'validity', 'data-status')], ['active', 'expired'],
    `the certificate renewed, then lapsed: the page follows at once (was ${attr(before.body, 'validity', 'data-status')})`);
}

console.log('-- hostile URLs: each a clean 4xx (the database log is checked by the caller)');
{
  const lotsBefore = (await one('SELECT count(*)::int AS n FROM lot')).n;
  const hostile = [
    ['/p/../../../etc/passwd', 'path traversal, raw'],
    ['/../../etc/passwd', 'path traversal above the root'],
    ['/p/..%2F..%2F..%2Fetc%2Fpasswd', 'path traversal, encoded slashes'],
    ['/p/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'path traversal, all encoded'],
    ['/01/..%2F..%2Fetc%2Fpasswd', 'path traversal in a Digital Link URI'],
    ["/p/x'%3B%20DROP%20TABLE%20lot%3B--", 'SQL: quote, semicolon, comment'],
    [`/p/${good.code}'%20OR%20'1'%3D'1`, 'SQL: OR 1=1 after a valid code'],
    [`/p/${good.code}?h=00'%20OR%201%3D1--`, 'SQL in the head'],
    [`${goodDl.replace(good.lot, "x'%3B%20DROP%20TABLE%20lot%3B--")}`, 'SQL in a lot'],
    [`/01/${good.gtin}%27%20OR%20%271%27%3D%271`, 'SQL after a GTIN'],
    [`/epcis/${good.code}/x'%3B%20DELETE%20FROM%20lot%3B--`, 'SQL in an EPCIS lot'],
    [`/p/${'A'.repeat(10240)}`, '10 KB path'],
    [`/01/${'1'.repeat(10240)}`, '10 KB Digital Link path'],
    [`/p/${good.code}?h=${'a'.repeat(10240)}`, '10 KB query'],
    ['/p/%C0%AF', 'invalid UTF-8 (overlong /)'],
    ['/p/%FF%FE%FD', 'invalid UTF-8 bytes'],
    [`/01/${good.gtin}/10/%C3%28`, 'invalid UTF-8 in a lot'],
    ['/p/%ED%A0%80', 'invalid UTF-8 (a surrogate)'],
    ['/p/%2541%2542', 'double-encoded escapes'],
    [`/p/${good.code.replace(/-/g, '%252D')}`, 'double-encoded dashes in a code'],
    [`/01/${good.gtin}/10/LOT%252D2025%252D00001`, 'double-encoded dashes in a lot'],
    ['/p/%252e%252e%252fetc%252fpasswd', 'double-encoded traversal'],
    ['/p/a%00b', 'NUL in a code'],
    [`/p/${good.code}?h=%00`, 'NUL in the head'],
    [`/01/${good.gtin}/10/a%00b`, 'NUL in a lot'],
    ['/p/x%0d%0aSet-Cookie:%20a=b', 'CR LF (header injection)'],
    [`/p/${good.code}?lang=%3Cscript%3E`, 'markup in lang'],
    ['/p/%', 'a lone %'],
    ['/p/%zz', 'a bad escape'],
    [`/01/${good.gtin}?linkType=%00`, 'NUL in linkType'],
    [`/01/${good.gtin}?linkType=javascript:alert(1)`, 'a script URL as linkType'],
  ];
  for (const [path, name] of hostile) {
    const r = await req(path, { headers: HTML });
    ok(r.status >= 400 && r.status < 500 && !r.headers['set-cookie'], `${name}: ${r.status}`, `status ${r.status}`);
    ok(!r.body.includes('<script') && !/at .*\.js:\d+/.test(r.body), `${name}: no markup injected, no stack trace`);
  }
  eq((await one('SELECT count(*)::int AS n FROM lot')).n, lotsBefore, 'the lot table is intact');
  eq((await req('/healthz')).status, 200, 'the service still answers');
}

console.log(`http: ${pass} passed, ${fail} failed`);
await db.end();
process.exit(fail ? 1 : 0);
