#!/usr/bin/env node
// ocop-resolver: the other end of the label.  A GS1 Digital Link resolver and
// product page for OCOP labels, served from a PostgreSQL database with the
// ocop extension.  `node server.js --help` lists the settings; README.md
// describes the routes and the database contract.
import Fastify, { LogController } from 'fastify';
import pg from 'pg';
import * as Q from './queries.js';
import { errorPage, indexPage, productPage, esc } from './page.js';

const HELP = `ocop-resolver: GS1 Digital Link resolver and OCOP product pages from PostgreSQL

Usage: node server.js [--help]

Settings (environment):
  RESOLVER_DATABASE_URL  libpq-style connection string of the registry database
                         (postgres://user@host:port/db or host=... dbname=...);
                         when unset, the PG* variables (PGHOST, PGPORT,
                         PGDATABASE, PGUSER, PGPASSWORD) apply
  RESOLVER_LISTEN        address:port to listen on (default 127.0.0.1:8080)
  RESOLVER_BASE_URL      public base URL of this service, http(s), no query
                         (default http://<RESOLVER_LISTEN>); Digital Link URIs
                         are answered under its path, product pages under
                         <base>/p, and every connection sets
                         ocop.resolver_base_url = <base>/p so that the QR code
                         on a page is the one ocop_product_url prints
  RESOLVER_POOL_SIZE     connections in the pool (default 8)
  RESOLVER_CACHE_ENTRIES rendered pages kept in memory (default 2000; 0: none).
                         A page is keyed by everything it shows, including a
                         digest of the lot's whole chain and today's date, so
                         a cached page never shows a stale verdict or
                         certificate status
  RESOLVER_LOG           info (default: one line per request) or silent

Routes: /p/<ocop code>?h=<label head>, <base path>/01/<gtin>[/10/<lot>][/21/<serial>][?<AI>=...],
/cert/<code>, /epcis/<code>/<lot>, /healthz, /readyz, /.well-known/gs1resolver.
Content negotiation, linkType and statuses: README.md.
SIGTERM or SIGINT: stop accepting, finish the requests in flight, close the pool, exit 0.
`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (process.argv.length > 2) {
  process.stderr.write(`ocop-resolver: unknown argument ${process.argv[2]} (see --help)\n`);
  process.exit(2);
}

function fail(msg) {
  process.stderr.write(`ocop-resolver: ${msg} (see --help)\n`);
  process.exit(2);
}
function intSetting(name, dflt, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) fail(`${name} must be an integer from ${min} to ${max}, not '${raw}'`);
  return Number(raw);
}

const listen = process.env.RESOLVER_LISTEN || '127.0.0.1:8080';
const lm = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):([0-9]{1,5})$/.exec(listen);
if (!lm || Number(lm[2]) > 65535) fail(`RESOLVER_LISTEN must be address:port, not '${listen}'`);
const host = lm[1].replace(/^\[|\]$/g, '');
const port = Number(lm[2]);
let base;
try {
  base = new URL(process.env.RESOLVER_BASE_URL || `http://${listen}`);
} catch {
  fail(`RESOLVER_BASE_URL is not a URL: '${process.env.RESOLVER_BASE_URL}'`);
}
if (!/^https?:$/.test(base.protocol) || base.search || base.hash || base.username || base.password) {
  fail(`RESOLVER_BASE_URL must be an http(s) URL without query, fragment or credentials, not '${base.href}'`);
}
const baseUrl = base.href.replace(/\/+$/, '');          // no trailing slash
const prefix = base.pathname.replace(/\/+$/, '');        // '' or '/something'
const poolSize = intSetting('RESOLVER_POOL_SIZE', 8, 1, 200);
const cacheMax = intSetting('RESOLVER_CACHE_ENTRIES', 2000, 0, 1000000);
const logLevel = process.env.RESOLVER_LOG || 'info';
if (!['info', 'silent'].includes(logLevel)) fail(`RESOLVER_LOG must be info or silent, not '${logLevel}'`);

const pool = new pg.Pool({
  connectionString: process.env.RESOLVER_DATABASE_URL || undefined,
  max: poolSize,
  application_name: 'ocop-resolver',
  // The label URL of this resolver: ocop_product_url() prints <base>/p/<code>.
  // (A URL holds no space or backslash, so it needs no quoting here.)
  options: `-c ocop.resolver_base_url=${baseUrl}/p`,
});
pool.on('error', (err) => app.log.error({ err: err.message }, 'idle database connection failed'));

let caps = null;   // what the database offers (Q.CAPABILITIES), once known
async function capabilities() {
  if (!caps) {
    const r = await pool.query(Q.CAPABILITIES);
    if (r.rows[0].views && r.rows[0].parsers) caps = r.rows[0];
    else return r.rows[0];
  }
  return caps;
}

// A small LRU of rendered pages (Map keeps insertion order).
const cache = new Map();
function cacheGet(k) {
  const v = cache.get(k);
  if (v !== undefined) { cache.delete(k); cache.set(k, v); }
  return v;
}
function cachePut(k, v) {
  if (cacheMax === 0) return;
  cache.set(k, v);
  if (cache.size > cacheMax) cache.delete(cache.keys().next().value);
}

const MAX_URL = 2048;
const app = Fastify({
  logger: logLevel === 'silent' ? false : { level: 'info', base: null, timestamp: () => `,"time":"${new Date().toISOString()}"` },
  logController: new LogController({ disableRequestLogging: true }),   // our own line, onResponse below
  routerOptions: { maxParamLength: MAX_URL, ignoreTrailingSlash: true },
  return503OnClosing: true,
  // fastify answers a URL it cannot decode (bad percent-encoding, invalid
  // UTF-8) with 400 through this handler.
  // A path parameter over maxParamLength is one too (then 414: the URL is
  // longer than MAX_URL).
  frameworkErrors: (err, req, reply) => (req.url.length > MAX_URL
    ? problem(req, reply, 414, 'too_long')
    : problem(req, reply, 400, 'bad_url', err.message.slice(0, 300))),
});

// One log line per request: method, URL (cut), status, latency.
app.addHook('onResponse', async (req, reply) => {
  if (logLevel === 'silent') return;
  req.log.info({ method: req.method, url: req.url.length > 200 ? `${req.url.slice(0, 200)}…` : req.url,
    status: reply.statusCode, ms: Number(reply.elapsedTime.toFixed(2)) }, 'request');
});

// Before routing: GET and HEAD, and OPTIONS for CORS (GS1 DL 1.2 resolver
// conformance: "SHALL support HTTP 1.1 (or higher) GET, HEAD and OPTIONS
// requests", "SHALL support CORS"); any other method 405 with Allow.  No URL
// longer than MAX_URL (414).
app.addHook('onRequest', async (req, reply) => {
  reply.header('Access-Control-Allow-Origin', '*');
  reply.header('Access-Control-Expose-Headers', 'Link, Location');
  if (req.method === 'OPTIONS') {
    return reply.code(204).header('Allow', 'GET, HEAD, OPTIONS')
      .header('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS')
      .header('Access-Control-Allow-Headers', 'Accept, Accept-Language')
      .header('Access-Control-Max-Age', '86400').send();
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    reply.header('Allow', 'GET, HEAD, OPTIONS');
    return problem(req, reply, 405, 'method');
  }
  if (req.url.length > MAX_URL) return problem(req, reply, 414, 'too_long');
});

// --- language and content negotiation -------------------------------------
function langOf(req) {
  const q = req.query && req.query.lang;
  if (q === 'en' || q === 'vi') return q;
  const al = String(req.headers['accept-language'] || '');
  let best = 'vi', bestQ = -1;
  for (const part of al.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const qv = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).filter(Boolean).map((m) => Number(m[1]))[0] ?? 1;
    const primary = tag.split('-')[0];
    if ((primary === 'vi' || primary === 'en') && qv > bestQ) { best = primary; bestQ = qv; }
  }
  return best;
}
// The media type the client prefers among those offered, by Accept q-values
// (RFC 9110 12.5.1); the first offered wins ties and a missing Accept.
function negotiate(req, offered) {
  const accept = String(req.headers.accept || '');
  if (!accept.trim()) return offered[0];
  let best = null, bestQ = 0, bestSpec = -1;
  const ranges = accept.split(',').map((s) => {
    const [range, ...params] = s.trim().toLowerCase().split(';');
    const qm = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    return { range: range.trim(), q: qm ? Number(qm[1]) : 1 };
  });
  for (const type of offered) {
    let q = -1, spec = -1;
    for (const r of ranges) {
      const s = r.range === type ? 2 : r.range === `${type.split('/')[0]}/*` ? 1 : r.range === '*/*' ? 0 : -1;
      if (s > spec) { spec = s; q = r.q; }
    }
    if (spec >= 0 && q > 0 && (q > bestQ || (q === bestQ && spec > bestSpec))) { best = type; bestQ = q; bestSpec = spec; }
  }
  return best;
}

const MESSAGES = {
  vi: {
    bad_url: 'Địa chỉ không hợp lệ (mã hoá phần trăm hoặc UTF-8 sai).',
    method: 'Chỉ hỗ trợ GET và HEAD.',
    too_long: 'Địa chỉ quá dài.',
    bad_code: 'Mã OCOP không hợp lệ.',
    typo: 'Chữ số kiểm tra không khớp: có thể mã bị gõ sai một chữ số.',
    bad_link: 'Địa chỉ GS1 Digital Link không hợp lệ.',
    bad_head: 'Mã niêm phong (tham số h) phải là 2 đến 128 chữ số thập lục phân.',
    bad_input: 'Địa chỉ chứa ký tự điều khiển.',
    unknown_product: 'Không tìm thấy sản phẩm này.',
    unknown_lot: 'Không tìm thấy lô này của sản phẩm.',
    not_found: 'Không có trang này.',
    no_link: 'Không có liên kết thuộc loại này.',
    not_acceptable: 'Không có dạng dữ liệu nào phù hợp với tiêu đề Accept.',
    unavailable: 'Dịch vụ chưa sẵn sàng.',
  },
  en: {
    bad_url: 'Malformed URL (bad percent-encoding or invalid UTF-8).',
    method: 'Only GET and HEAD are supported.',
    too_long: 'The URL is too long.',
    bad_code: 'Malformed OCOP code.',
    typo: 'The check digit does not match: probably a typo in one digit.',
    bad_link: 'Malformed GS1 Digital Link URI.',
    bad_head: 'The label seal (parameter h) must be 2 to 128 hexadecimal digits.',
    bad_input: 'The URL contains a control character.',
    unknown_product: 'No such product.',
    unknown_lot: 'No such lot of this product.',
    not_found: 'No such page.',
    no_link: 'No link of this type.',
    not_acceptable: 'No representation matches the Accept header.',
    unavailable: 'The service is not ready.',
  },
};

// An error response: HTML for browsers, application/problem+json (RFC 9457)
// for clients that ask for JSON.
function problem(req, reply, status, key, detail, input) {
  let lang = 'vi';
  try { lang = langOf(req); } catch { /* a query that could not be parsed */ }
  const title = MESSAGES[lang][key] || key;
  reply.code(status).header('Cache-Control', 'no-store');
  const type = negotiate(req, ['text/html', 'application/problem+json', 'application/json', 'application/linkset+json', 'application/ld+json']);
  if (type && type !== 'text/html') {
    return reply.type('application/problem+json').send(JSON.stringify({ type: `about:blank`, title, status, code: key, detail: detail || undefined }));
  }
  return reply.type('text/html; charset=utf-8').send(errorPage({ lang, status, title, detail, input }));
}

// A value taken from a URL: no control characters (PostgreSQL text cannot
// hold NUL, and none belongs in a code, lot or URI).
const hasControl = (s) => /[\u0000-\u001f\u007f]/.test(s);

// --- the answer for one product (and lot) ----------------------------------
const GS1 = 'https://gs1.org/voc/';
const LINK_TYPES = ['pip', 'traceability', 'certificationInfo', 'defaultLink'];
function linkTypeName(raw) {
  // gs1:pip, https://gs1.org/voc/pip, https://ref.gs1.org/voc/pip ...
  const m = /^(?:gs1:|https?:\/\/(?:www\.|ref\.)?gs1\.org\/voc\/)([A-Za-z]+)$/.exec(raw);
  return m ? m[1] : null;
}

function links(look, lang) {
  const code = encodeURIComponent(look.code);
  const pip = look.label_url || `${baseUrl}/p/${code}`;
  const out = {
    pip: { href: pip, title: look.name, type: 'text/html', hreflang: ['vi', 'en'] },
    certificationInfo: { href: `${baseUrl}/cert/${code}`, title: lang === 'en' ? 'OCOP certificate' : 'Giấy chứng nhận OCOP', type: 'application/json' },
  };
  if (look.lot) {
    out.traceability = { href: `${baseUrl}/epcis/${code}/${encodeURIComponent(look.lot)}`,
      title: `EPCIS 2.0 ${look.lot}`, type: 'application/ld+json' };
  }
  out.defaultLink = { ...out.pip };
  return out;
}

function linkset(look, lang) {
  const l = links(look, lang);
  const entry = { anchor: look.link_uri || look.label_url };
  for (const t of LINK_TYPES) if (l[t]) entry[GS1 + t] = [l[t]];
  return { linkset: [entry] };
}

// The query string of a request without linkType, to pass on when
// redirecting (GS1 DL 1.2 resolver conformance: "By default, SHALL pass on
// all key=value pairs in the query string of the request URI (if present)
// when redirecting").
function passOn(req, href) {
  const u = new URL(req.url, 'http://x');
  u.searchParams.delete('linkType');
  const q = u.searchParams.toString();
  if (!q) return href;
  return `${href}${href.includes('?') ? '&' : '?'}${q}`;
}
const LINKSET_CONTEXT = '<https://ref.gs1.org/standards/resolver/linkset-context>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"';
function sendLinkset(reply, look, lang, type) {
  return reply.code(200).header('Cache-Control', 'no-cache').header('Link', `${reply.getHeader('Link')}, ${LINKSET_CONTEXT}`)
    .type(type).send(JSON.stringify(linkset(look, lang)));
}

// opts.page: this URL is the product page itself (/p/...); otherwise (a
// Digital Link URI) a browser is redirected to the default link, the page.
async function answer(req, reply, look, head, opts) {
  const lang = langOf(req);
  const self = look.link_uri || look.label_url;
  reply.header('Link', `<${self}${self.includes('?') ? '&' : '?'}linkType=linkset>; rel="linkset"; type="application/linkset+json"`);
  reply.header('Vary', 'Accept, Accept-Language');
  const lt = req.query.linkType;
  if (lt !== undefined) {
    if (typeof lt !== 'string') return problem(req, reply, 400, 'no_link', 'linkType given twice');
    if (lt === 'all' || lt === 'linkset') return sendLinkset(reply, look, lang, 'application/linkset+json');
    const name = linkTypeName(lt);
    const l = name && links(look, lang)[name];
    if (!l) return problem(req, reply, 404, 'no_link', `linkType ${lt}`);
    return reply.code(307).header('Location', passOn(req, l.href)).header('Cache-Control', 'no-cache').send();
  }
  const type = negotiate(req, ['text/html', 'application/linkset+json', 'application/json', 'application/ld+json']);
  if (type === 'application/linkset+json' || type === 'application/json') return sendLinkset(reply, look, lang, type);
  if (type === 'application/ld+json') {
    if (!look.lot) return problem(req, reply, 406, 'not_acceptable', 'an EPCIS document describes a lot; this URI names no lot');
    const r = await pool.query(Q.EPCIS, [look.code, look.lot]);
    if (!r.rows.length) return problem(req, reply, 404, 'unknown_lot');
    return reply.code(200).header('Cache-Control', 'no-cache').type('application/ld+json').send(r.rows[0].doc);
  }
  if (type === null) return problem(req, reply, 406, 'not_acceptable');
  if (!opts.page) {
    return reply.code(307).header('Location', passOn(req, links(look, lang).defaultLink.href)).header('Cache-Control', 'no-cache').send();
  }
  // The product page.
  const key = JSON.stringify([look, head, lang, opts.altHref]);
  let html = cacheGet(key);
  if (html === undefined) {
    const c = await capabilities();
    const r = await pool.query({ name: c.map ? 'page_map' : 'page', text: c.map ? Q.PAGE_WITH_MAP : Q.PAGE, values: [look.code, look.lot, head, lang] });
    if (!r.rows.length) return problem(req, reply, 404, 'unknown_product');
    const page = r.rows[0].page;
    page.qr = String(page.qr || '').replace(/<\?xml[^>]*\?>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
    html = productPage({ lang, look, page, head, altHref: opts.altHref });
    cachePut(key, html);
  }
  return reply.code(200).header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(html);
}

function altLangHref(req, lang) {
  const u = new URL(req.url, 'http://x');
  u.searchParams.set('lang', lang === 'vi' ? 'en' : 'vi');
  return `${u.pathname}${u.search}`;
}

async function parseCode(req, reply, raw) {
  if (hasControl(raw)) { problem(req, reply, 400, 'bad_input', null, raw); return null; }
  const r = await pool.query(Q.PARSE_CODE, [raw]);
  return parsed(req, reply, r.rows[0], raw) ? r.rows[0].code : null;
}
// false (and a 400 sent) when the extension's parser refused the input.
function parsed(req, reply, row, raw) {
  if (!row.err_state) return true;
  const hint = /check digit/i.test(row.err_detail || '') ? ` ${MESSAGES[langOf(req)].typo}` : '';
  problem(req, reply, 400, raw === undefined ? 'bad_link' : 'bad_code',
    `${row.err_message}${row.err_detail ? ` ${row.err_detail}` : ''}${hint}`, raw === undefined ? req.url : raw);
  return false;
}
// The lookup row without the parser's columns (it is the page's cache key).
function lookupOf(row) {
  const { err_state, err_message, err_detail, parsed_gtin, parsed_lot, ...look } = row;
  return look;
}

// --- routes ---------------------------------------------------------------
async function routes(r) {
  // /p/<code>?h=<head>: what ocop_product_url prints.
  r.get('/p/:code', async (req, reply) => {
    const h = req.query.h;
    if (h !== undefined && (typeof h !== 'string' || !/^(?:[0-9a-fA-F]{2}){1,64}$/.test(h))) {
      return problem(req, reply, 400, 'bad_head', null, typeof h === 'string' ? h : undefined);
    }
    if (req.query.lang !== undefined && !['vi', 'en'].includes(req.query.lang)) {
      return problem(req, reply, 400, 'bad_input', 'lang must be vi or en');
    }
    const raw = req.params.code;
    if (hasControl(raw)) return problem(req, reply, 400, 'bad_input', null, raw);
    const head = h ? h.toLowerCase() : null;
    const row = (await pool.query({ name: 'lookup_code', text: Q.LOOKUP_BY_CODE, values: [raw, null, head, baseUrl] })).rows[0];
    if (!parsed(req, reply, row, raw)) return reply;
    if (row.code === null) return problem(req, reply, 404, 'unknown_product', null, raw);
    return answer(req, reply, lookupOf(row), head, { page: true, altHref: altLangHref(req, langOf(req)) });
  });

  // GS1 Digital Link URIs: /01/<gtin>[/22/..][/10/<lot>][/21/<serial>][?AI=...]
  // The whole URI goes to gs1_digital_link_parse.
  r.get('/01/*', async (req, reply) => {
    if (req.query.lang !== undefined && !['vi', 'en'].includes(req.query.lang)) {
      return problem(req, reply, 400, 'bad_input', 'lang must be vi or en');
    }
    const uri = `${base.origin}${req.url}`;
    let decoded;
    try { decoded = decodeURIComponent(req.url); } catch { return problem(req, reply, 400, 'bad_url', null, req.url); }
    if (hasControl(decoded)) return problem(req, reply, 400, 'bad_input');
    const row = (await pool.query({ name: 'lookup_link', text: Q.LOOKUP_BY_LINK, values: [uri, null, null, baseUrl] })).rows[0];
    if (!parsed(req, reply, row)) return reply;
    if (row.code === null) return problem(req, reply, 404, 'unknown_product', `GTIN ${row.parsed_gtin}`);
    const look = lookupOf(row);
    if (row.parsed_lot !== null && look.lot === null) return problem(req, reply, 404, 'unknown_lot', `${row.parsed_gtin} / ${row.parsed_lot}`);
    // A browser goes on to the default link, the product page of the lot's
    // label (/p/<code>?h=<head recorded for the label>).
    return answer(req, reply, look, look.label_head, { page: false });
  });

  // gs1:certificationInfo
  r.get('/cert/:code', async (req, reply) => {
    const code = await parseCode(req, reply, req.params.code);
    if (code === null) return reply;
    const r2 = await pool.query(Q.CERTIFICATE, [code]);
    if (!r2.rows.length) return problem(req, reply, 404, 'unknown_product', null, code);
    return reply.header('Cache-Control', 'no-cache').type('application/json').send(JSON.stringify(r2.rows[0]));
  });

  // gs1:traceability: the lot's EPCIS 2.0 document (trace_to_epcis)
  r.get('/epcis/:code/:lot', async (req, reply) => {
    if (hasControl(req.params.lot)) return problem(req, reply, 400, 'bad_input');
    const code = await parseCode(req, reply, req.params.code);
    if (code === null) return reply;
    const r2 = await pool.query(Q.EPCIS, [code, req.params.lot]);
    if (!r2.rows.length) return problem(req, reply, 404, 'unknown_lot', null, `${code} / ${req.params.lot}`);
    return reply.header('Cache-Control', 'no-cache').type('application/ld+json').send(r2.rows[0].doc);
  });

  // The root: what this service is, in the reader's language.
  r.get('/', async (req, reply) => {
    const lang = langOf(req);
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(indexPage({ lang, base: baseUrl }));
  });

  // GS1-Conformant resolver description file.
  r.get('/.well-known/gs1resolver', async (req, reply) => reply.type('application/json').send(JSON.stringify({
    name: 'OCOP resolver',
    resolverRoot: baseUrl,
    supportedPrimaryKeys: ['01'],
    linkTypeDefaultCanBeLinkset: false,
    linksetContext: 'https://ref.gs1.org/standards/resolver/linkset-context',
    supportedLinkType: LINK_TYPES.map((t) => ({ namespace: GS1, prefix: 'gs1:', profile: t })),
  })));
}

app.get('/healthz', async (req, reply) => reply.type('text/plain').send('ok\n'));
app.get('/readyz', async (req, reply) => {
  try {
    const c = await capabilities();
    if (!c.views || !c.parsers) {
      return reply.code(503).type('text/plain').send(`not ready: ${!c.views ? 'views ocop_resolver_product/ocop_resolver_lot missing' : 'resolver/sql/ocop_resolver.sql not installed'}\n`);
    }
    return reply.type('text/plain').send('ready\n');
  } catch (err) {
    return reply.code(503).type('text/plain').send(`not ready: ${err.message}\n`);
  }
});
app.register(routes, { prefix });

app.setNotFoundHandler((req, reply) => problem(req, reply, 404, 'not_found'));
app.setErrorHandler((err, req, reply) => {
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return problem(req, reply, err.statusCode, 'bad_url', err.message);
  }
  req.log.error({ err: err.message, code: err.code }, 'request failed');
  if (err.code && /^(08|57P|53)/.test(err.code) || /ECONNREFUSED|timeout/i.test(err.message)) {
    return problem(req, reply, 503, 'unavailable');
  }
  return problem(req, reply, 500, 'unavailable');
});

let stopping = false;
async function stop(sig) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal: sig }, 'stopping');
  try { await app.close(); } catch { /* already closed */ }
  await pool.end().catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

try {
  await app.listen({ host, port });
  app.log.info({ base: baseUrl, listen: `${host}:${port}`, pool: poolSize, cache: cacheMax }, 'listening');
} catch (err) {
  process.stderr.write(`ocop-resolver: cannot listen on ${listen}: ${err.message}\n`);
  process.exit(1);
}
export { esc };
