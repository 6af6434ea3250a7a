#!/usr/bin/python3
"""Binary COPY of random and mutated values into every type of the ocop
extensions: never a crash, never an internal error (XX000), and whatever is
accepted prints as text that reads back to the same text.

Types are discovered from the catalog, so new types are covered as they come;
SEEDS holds valid literals to mutate.  Run by test/scripts/binary_fuzz.sh.
"""
import os
import random
import struct
import sys

import psycopg

SEEDS = {
    "ocop_code": ["OCOP-01-00577-21-2025-0042-4", "OCOP-01-018-00583-21-2023-0007-0"],
    "ocop_star": ["1-star", "3-star", "5-star"],
    "trace_chain": [
        "[]",
        '[{"bizStep":"harvesting","eventTime":"2025-03-01T08:00:00+07:00","actor":"HTX-1","place":"00577"}]',
    ],
}
PER_TYPE = int(os.environ.get("OCOP_BINFUZZ_VALUES", "1500"))
SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)


def copy_file(field):
    if field is None:
        body = struct.pack("!hi", 1, -1)
    else:
        body = struct.pack("!hi", 1, len(field)) + field
    return SIGNATURE + body + struct.pack("!h", -1)


def field_of(conn, typ, literal):
    """The binary form of a literal, cut out of a binary COPY."""
    with conn.cursor() as cur:
        data = bytearray()
        with cur.copy(f"COPY (SELECT %s::{typ}) TO STDOUT (FORMAT binary)", (literal,)) as cp:
            for chunk in cp:
                data += chunk
    (n,) = struct.unpack("!i", data[21:25])
    return bytes(data[25:25 + n])


def mutations(rng, seed):
    out = []
    for _ in range(PER_TYPE // 2):
        b = bytearray(seed)
        kind = rng.randrange(6)
        if kind == 0 and b:
            i = rng.randrange(len(b)); b[i] ^= 1 << rng.randrange(8)
        elif kind == 1 and b:
            i = rng.randrange(len(b)); b[i] = rng.choice([0, 0xFF, 0x7F, 0x80])
        elif kind == 2:
            b = b[:rng.randrange(len(b) + 1)]
        elif kind == 3:
            b += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        elif kind == 4 and len(b) >= 4:
            i = rng.randrange(len(b) - 3); b[i:i + 4] = struct.pack("!i", rng.choice([-1, 0, 1, 2**31 - 1, 65536]))
        else:
            for _ in range(rng.randrange(1, 5)):
                if b:
                    b[rng.randrange(len(b))] = rng.randrange(256)
        out.append(bytes(b))
    return out


def main():
    rng = random.Random(20251129)
    conn = psycopg.connect(dbname=sys.argv[1], autocommit=True)
    types = [r[0] for r in conn.execute("""
        SELECT t.typname FROM pg_type t
        JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname LIKE 'ocop%'
        WHERE t.typtype = 'b' AND t.typcategory <> 'A' AND t.typreceive <> 0
        ORDER BY 1""")]
    failures = 0
    for typ in types:
        conn.execute(f"DROP TABLE IF EXISTS binfuzz; CREATE TABLE binfuzz (v {typ})")
        seeds = [field_of(conn, typ, lit) for lit in SEEDS.get(typ, [])]
        cands = [bytes(rng.randrange(256) for _ in range(rng.randrange(0, 80))) for _ in range(PER_TYPE // 2)]
        for s in seeds:
            cands += mutations(rng, s)
        cands += seeds
        accepted = rejected = 0
        states = {}
        for field in cands:
            conn.execute("TRUNCATE binfuzz")
            try:
                with conn.cursor() as cur:
                    with cur.copy("COPY binfuzz FROM STDIN (FORMAT binary)") as cp:
                        cp.write(copy_file(field))
            except psycopg.Error as e:
                st = e.sqlstate or "?"
                states[st] = states.get(st, 0) + 1
                rejected += 1
                # 08P01 means a receive function read past its value's bytes.
                if st in ("XX000", "08P01") or st.startswith("58") or conn.closed:
                    print(f"FAIL {typ}: {st} {e} for {field.hex()}")
                    failures += 1
                    if conn.closed:
                        conn = psycopg.connect(dbname=sys.argv[1], autocommit=True)
                continue
            accepted += 1
            (txt,) = conn.execute("SELECT v::text FROM binfuzz").fetchone()
            (again,) = conn.execute(f"SELECT %s::{typ}::text", (txt,)).fetchone()
            back = field_of(conn, typ, txt)
            if again != txt or back != field and typ in ("ocop_code", "ocop_star"):
                print(f"FAIL {typ}: accepted {field.hex()} prints {txt!r} which reads back as {again!r}")
                failures += 1
        print(f"{typ}: {len(cands)} values, {accepted} accepted, {rejected} rejected {dict(sorted(states.items()))}")
    # The server is still up and took no crash.
    psycopg.connect(dbname=sys.argv[1]).close()
    print("binary fuzz:", "FAILED" if failures else "ok", f"({len(types)} types)")
    return 1 if failures or not types else 0


if __name__ == "__main__":
    sys.exit(main())
