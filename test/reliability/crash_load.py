"""Load client for test/scripts/crash_recovery.sh.

usage: crash_load.py CONNINFO CLIENT CHAINS FIRST

Commits small transactions until the server goes away: each inserts one
product (ocop_code, ocop_star), appends one event to one of CHAINS chains and
logs the append, all in one transaction. After each COMMIT returns, it prints
"C <id>" (flushed): those ids were acknowledged as committed and must survive
a crash. Ids start at FIRST + CLIENT * 1,000,000 so each client (and each
crash cycle) has its own. Exits 0 when the connection is lost (the expected
end), 1 on any other error.
"""
import sys

import psycopg

conninfo, client, chains, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
base = first + client * 1_000_000
try:
    conn = psycopg.connect(conninfo, autocommit=False, connect_timeout=10)
except psycopg.OperationalError as e:
    print(f"E connect: {e}".replace("\n", " "), flush=True)
    sys.exit(1)
i = 0
while i < 999_999:
    i += 1
    pid = base + i
    try:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO cr_products (id, code, star) VALUES "
                "(%s, ocop_code(%s, %s, %s, %s, %s), %s::ocop_star)",
                (pid, client % 99 + 1, pid // 9999 % 99999 + 1, pid % 27, 2018 + pid % 82,
                 pid % 9999 + 1, str(pid % 3 + 3)))
            chain = pid % chains + 1
            cur.execute("INSERT INTO cr_log (n, chain_id) VALUES (%s, %s)", (pid, chain))
            cur.execute(
                "UPDATE cr_chains SET chain = trace_append(chain, 'shipping', clock_timestamp(), "
                "actor => %s, lot => %s) WHERE id = %s",
                (f"client-{client}", str(pid), chain))
        conn.commit()
    except (psycopg.OperationalError, psycopg.errors.AdminShutdown, psycopg.errors.CrashShutdown) as e:
        print(f"L {pid} {type(e).__name__}", flush=True)
        sys.exit(0)
    except psycopg.Error as e:
        print(f"E {pid} {type(e).__name__}: {e}".replace("\n", " "), flush=True)
        sys.exit(1)
    print(f"C {pid}", flush=True)
sys.exit(0)
