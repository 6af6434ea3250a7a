#!/usr/bin/python3
"""Register an OCOP product, trace it, and print its label: ocop from Python.

Uses psycopg 3 (Debian: python3-psycopg).  Connects with the usual libpq
settings (PGHOST, PGPORT, PGUSER, PGDATABASE, or --dsn) to a database where
the ocop extension is installed or can be created, then:

  1. registers a product under a new OCOP code (built by ocop_code(...));
  2. appends three traceability events to its chain (trace_append);
  3. reads the chain back (trace_events), keeps its head (trace_head) and
     verifies the stored chain against it (trace_verify);
  4. saves the label QR code, a PNG made by the server, that links to the
     product page with the chain head (ocop_qr_png(ocop_product_url(...)));
  5. tries to register a mistyped code and handles the rejection by its
     SQLSTATE (22P02, invalid_text_representation), showing the DETAIL.

    python3 ocop_label.py [--dsn DSN] [--out DIR] [--json]
                          [--without trace] [--without qr]

--json prints a machine-readable summary instead of the report (the tests
use it); --without skips a part, for servers whose ocop lacks that feature.
"""
import argparse
import datetime as dt
import decimal
import json
import os
import sys

import psycopg
from psycopg import errors

# The product: Bát Tràng pottery, commune 00577 of Hà Nội (province 01), after
# the July 2025 reform (no district), product set 21, first recognised 2025.
PRODUCT = dict(province=1, commune=577, product_set=21, year=2025, serial=42,
               name="Bình gốm hoa sen đỏ")
VN = dt.timezone(dt.timedelta(hours=7))
EVENTS = [  # bizStep (CBV 2.0), time, actor, place (commune code), lot, quantity, unit
    # (UN/ECE Recommendation 20 code: H87 = piece)
    ("commissioning", dt.datetime(2025, 11, 3, 7, 30, tzinfo=VN), "HTX-GOM-BAT-TRANG", "00577",
     "L2025-11", decimal.Decimal("120"), "H87"),
    ("packing", dt.datetime(2025, 11, 5, 14, 0, tzinfo=VN), "HTX-GOM-BAT-TRANG", "00577",
     "L2025-11", decimal.Decimal("120"), "H87"),
    ("shipping", dt.datetime(2025, 11, 6, 9, 15, tzinfo=VN), "CTY-VAN-TAI-HN", "00577",
     "L2025-11", decimal.Decimal("118"), "H87"),
]
MISTYPED = "OCOP-01-00577-21-2025-0042-5"   # the check digit should be 4
RESOLVER = "https://truyxuat.example.vn/ocop"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", default="", help="libpq connection string (default: PG* variables)")
    ap.add_argument("--out", default=".", help="folder for label.png (default: .)")
    ap.add_argument("--json", action="store_true", help="print a JSON summary")
    ap.add_argument("--without", action="append", default=[], choices=["trace", "qr"])
    args = ap.parse_args()
    result = {}

    with psycopg.connect(args.dsn) as conn:
        with conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS ocop")
            # The example's own table, made afresh on every run.
            conn.execute("DROP TABLE IF EXISTS example_product")
            conn.execute("""
                CREATE TABLE example_product (
                    code  ocop_code PRIMARY KEY,
                    name  text NOT NULL)""")
            if "trace" not in args.without:
                conn.execute("ALTER TABLE example_product ADD COLUMN chain trace_chain")

        # 1. Register the product; the server computes the check digit.
        with conn.transaction():
            code = conn.execute(
                """INSERT INTO example_product (code, name)
                   VALUES (ocop_code(%(province)s, %(commune)s, %(product_set)s, %(year)s, %(serial)s),
                           %(name)s)
                   RETURNING code::text""", PRODUCT).fetchone()[0]
        result["code"] = code

        head = None
        if "trace" not in args.without:
            # 2. Append the events, one UPDATE each (a NULL chain counts as empty).
            for bizstep, at, actor, place, lot, qty, uom in EVENTS:
                with conn.transaction():
                    conn.execute(
                        """UPDATE example_product
                           SET chain = trace_append(chain, %s, %s, actor => %s, place => %s,
                                                    lot => %s, quantity => %s, uom => %s)
                           WHERE code = %s::ocop_code""",
                        (bizstep, at, actor, place, lot, qty, uom, code))

            # 3. Read the chain back, event by event, and keep its head.
            rows = conn.execute(
                """SELECT e.seq, e.bizstep, e.at, e.actor, e.place, e.lot, e.quantity, e.uom, e.hash
                   FROM example_product p, trace_events(p.chain) e
                   WHERE p.code = %s::ocop_code ORDER BY e.seq""", (code,)).fetchall()
            head, length = conn.execute(
                "SELECT trace_head(chain), trace_length(chain) FROM example_product WHERE code = %s::ocop_code",
                (code,)).fetchone()
            # Later (or in another system), check that the chain still ends at the head kept.
            verified = conn.execute(
                "SELECT trace_verify(chain, %s) FROM example_product WHERE code = %s::ocop_code",
                (head, code)).fetchone()[0]
            result["trace"] = {
                "length": length,
                "head": head.hex(),
                "verified": verified,
                "events": [{"seq": r[0], "bizstep": r[1], "at": r[2].isoformat(), "actor": r[3],
                            "place": r[4], "lot": r[5], "quantity": str(r[6]), "uom": r[7],
                            "hash": r[8].hex()} for r in rows],
            }

        if "qr" not in args.without:
            # 4. The label: a QR code linking to the product page (with the chain head).
            with conn.transaction():
                conn.execute("SELECT set_config('ocop.resolver_base_url', %s, true)", (RESOLVER,))
                url, png = conn.execute(
                    """SELECT u, ocop_qr_png(u, module_px => 6)
                       FROM (SELECT ocop_product_url(code, %s) AS u
                             FROM example_product WHERE code = %s::ocop_code) s""",
                    (head, code)).fetchone()
            path = os.path.join(args.out, "label.png")
            with open(path, "wb") as f:
                f.write(png)
            result["qr"] = {"url": url, "png": path, "bytes": len(png)}

        # 5. A mistyped code is refused: SQLSTATE 22P02, the DETAIL names the field.
        try:
            with conn.transaction():
                conn.execute("INSERT INTO example_product (code, name) VALUES (%s::ocop_code, %s)",
                             (MISTYPED, "typo"))
            result["rejected"] = None
        except errors.InvalidTextRepresentation as e:      # SQLSTATE 22P02
            result["rejected"] = {"code": MISTYPED, "sqlstate": e.sqlstate,
                                  "message": e.diag.message_primary, "detail": e.diag.message_detail}

    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"registered {result['code']}  ({PRODUCT['name']})")
    if "trace" in result:
        t = result["trace"]
        for e in t["events"]:
            print(f"  {e['seq']}. {e['at']}  {e['bizstep']:<13} {e['actor']:<18} "
                  f"lot {e['lot']} {e['quantity']} {e['uom']}  {e['hash'][:16]}…")
        print(f"chain: {t['length']} events, head {t['head']}, verified: {t['verified']}")
    if "qr" in result:
        print(f"label: {result['qr']['png']} ({result['qr']['bytes']} bytes) -> {result['qr']['url']}")
    r = result["rejected"]
    if r:
        print(f"rejected {r['code']}: SQLSTATE {r['sqlstate']}: {r['message']} ({r['detail']})")
    else:
        print(f"unexpected: {MISTYPED} was accepted")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
