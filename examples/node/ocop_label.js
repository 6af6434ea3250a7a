#!/usr/bin/env node
// Register an OCOP product, trace it, and print its label: ocop from Node.js.
//
// Uses node-postgres (npm package `pg`; `npm ci` in this folder installs it).
// Connects with the usual settings (PGHOST, PGPORT, PGUSER, PGDATABASE, or
// --dsn postgres://...) to a database where the ocop extension is installed
// or can be created, then:
//
//   1. registers a product under a new OCOP code (built by ocop_code(...));
//   2. appends three traceability events to its chain (trace_append);
//   3. reads the chain back (trace_events), keeps its head (trace_head) and
//      verifies the stored chain against it (trace_verify);
//   4. saves the label QR code, a PNG made by the server, that links to the
//      product page with the chain head (ocop_qr_png(ocop_product_url(...)));
//   5. tries to register a mistyped code and handles the rejection by its
//      SQLSTATE (22P02, invalid_text_representation), showing the DETAIL.
//
//   node ocop_label.js [--dsn URL] [--out DIR] [--json]
//                      [--without trace] [--without qr]
//
// --json prints a machine-readable summary instead of the report (the tests
// use it); --without skips a part, for servers whose ocop lacks that feature.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

// The product: Bát Tràng pottery, commune 00577 of Hà Nội (province 01), after
// the July 2025 reform (no district), product set 21, first recognised 2025.
const PRODUCT = { province: 1, commune: 577, productSet: 21, year: 2025, serial: 42,
                  name: 'Bình gốm hoa sen đỏ' };
// bizStep (CBV 2.0), time, actor, place (commune code), lot, quantity, unit
// (UN/ECE Recommendation 20 code: H87 = piece).  Quantities travel as text, so
// numeric values keep every digit.
const EVENTS = [
  ['commissioning', '2025-11-03T07:30:00+07:00', 'HTX-GOM-BAT-TRANG', '00577', 'L2025-11', '120', 'H87'],
  ['packing',       '2025-11-05T14:00:00+07:00', 'HTX-GOM-BAT-TRANG', '00577', 'L2025-11', '120', 'H87'],
  ['shipping',      '2025-11-06T09:15:00+07:00', 'CTY-VAN-TAI-HN',    '00577', 'L2025-11', '118', 'H87'],
];
const MISTYPED = 'OCOP-01-00577-21-2025-0042-5';   // the check digit should be 4
const RESOLVER = 'https://truyxuat.example.vn/ocop';
const INVALID_TEXT_REPRESENTATION = '22P02';

const { values: args } = parseArgs({
  options: {
    dsn: { type: 'string', default: '' },
    out: { type: 'string', default: '.' },
    json: { type: 'boolean', default: false },
    without: { type: 'string', multiple: true, default: [] },
  },
});
for (const w of args.without) {
  if (w !== 'trace' && w !== 'qr') throw new Error(`--without ${w}: expected trace or qr`);
}
const withTrace = !args.without.includes('trace');
const withQr = !args.without.includes('qr');

// One transaction, rolled back on any error.
async function inTransaction(client, fn) {
  await client.query('BEGIN');
  try {
    const r = await fn();
    await client.query('COMMIT');
    return r;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}

async function main() {
  const client = new pg.Client(args.dsn ? { connectionString: args.dsn } : {});
  await client.connect();
  const result = {};
  try {
    await inTransaction(client, async () => {
      await client.query('CREATE EXTENSION IF NOT EXISTS ocop');
      // The example's own table, made afresh on every run.
      await client.query('DROP TABLE IF EXISTS example_product');
      await client.query('CREATE TABLE example_product (code ocop_code PRIMARY KEY, name text NOT NULL)');
      if (withTrace) await client.query('ALTER TABLE example_product ADD COLUMN chain trace_chain');
    });

    // 1. Register the product; the server computes the check digit.
    const p = PRODUCT;
    const { rows: [{ code }] } = await client.query(
      `INSERT INTO example_product (code, name)
       VALUES (ocop_code($1, $2, $3, $4, $5), $6)
       RETURNING code::text AS code`,
      [p.province, p.commune, p.productSet, p.year, p.serial, p.name]);
    result.code = code;

    let head = null;
    if (withTrace) {
      // 2. Append the events, one UPDATE each (a NULL chain counts as empty).
      for (const [bizstep, at, actor, place, lot, qty, uom] of EVENTS) {
        await client.query(
          `UPDATE example_product
           SET chain = trace_append(chain, $1, $2::timestamptz, actor => $3, place => $4,
                                    lot => $5, quantity => $6::numeric, uom => $7)
           WHERE code = $8::ocop_code`,
          [bizstep, at, actor, place, lot, qty, uom, code]);
      }

      // 3. Read the chain back, event by event, and keep its head.
      const events = await client.query(
        `SELECT e.seq, e.bizstep, e.at, e.actor, e.place, e.lot, e.quantity::text AS quantity, e.uom, e.hash
         FROM example_product p, trace_events(p.chain) e
         WHERE p.code = $1::ocop_code ORDER BY e.seq`, [code]);
      const { rows: [h] } = await client.query(
        'SELECT trace_head(chain) AS head, trace_length(chain) AS length FROM example_product WHERE code = $1::ocop_code',
        [code]);
      head = h.head;                                  // a Buffer of 32 bytes
      // Later (or in another system), check that the chain still ends at the head kept.
      const { rows: [v] } = await client.query(
        'SELECT trace_verify(chain, $1) AS verified FROM example_product WHERE code = $2::ocop_code',
        [head, code]);
      result.trace = {
        length: h.length,
        head: head.toString('hex'),
        verified: v.verified,
        events: events.rows.map((r) => ({
          seq: r.seq, bizstep: r.bizstep, at: r.at.toISOString(), actor: r.actor, place: r.place,
          lot: r.lot, quantity: r.quantity, uom: r.uom, hash: r.hash.toString('hex'),
        })),
      };
    }

    if (withQr) {
      // 4. The label: a QR code linking to the product page (with the chain head).
      const { rows: [q] } = await inTransaction(client, async () => {
        await client.query("SELECT set_config('ocop.resolver_base_url', $1, true)", [RESOLVER]);
        return client.query(
          `SELECT u AS url, ocop_qr_png(u, module_px => 6) AS png
           FROM (SELECT ocop_product_url(code, $1) AS u
                 FROM example_product WHERE code = $2::ocop_code) s`, [head, code]);
      });
      const path = join(args.out, 'label.png');
      writeFileSync(path, q.png);
      result.qr = { url: q.url, png: path, bytes: q.png.length };
    }

    // 5. A mistyped code is refused: SQLSTATE 22P02, the DETAIL names the field.
    try {
      await client.query('INSERT INTO example_product (code, name) VALUES ($1::ocop_code, $2)',
                         [MISTYPED, 'typo']);
      result.rejected = null;
    } catch (e) {
      if (e.code !== INVALID_TEXT_REPRESENTATION) throw e;
      result.rejected = { code: MISTYPED, sqlstate: e.code, message: e.message, detail: e.detail };
    }
  } finally {
    await client.end();
  }

  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  console.log(`registered ${result.code}  (${PRODUCT.name})`);
  if (result.trace) {
    const t = result.trace;
    for (const e of t.events) {
      console.log(`  ${e.seq}. ${e.at}  ${e.bizstep.padEnd(13)} ${e.actor.padEnd(18)} `
                  + `lot ${e.lot} ${e.quantity} ${e.uom}  ${e.hash.slice(0, 16)}…`);
    }
    console.log(`chain: ${t.length} events, head ${t.head}, verified: ${t.verified}`);
  }
  if (result.qr) console.log(`label: ${result.qr.png} (${result.qr.bytes} bytes) -> ${result.qr.url}`);
  const r = result.rejected;
  if (!r) {
    console.log(`unexpected: ${MISTYPED} was accepted`);
    return 1;
  }
  console.log(`rejected ${r.code}: SQLSTATE ${r.sqlstate}: ${r.message} (${r.detail})`);
  return 0;
}

main().then((rc) => { process.exitCode = rc; }, (e) => {
  console.error(`error${e.code ? ` ${e.code}` : ''}: ${e.message}${e.detail ? ` (${e.detail})` : ''}`);
  process.exitCode = 1;
});
