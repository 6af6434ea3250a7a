-- pgbench script for test/scripts/concurrency.sh: one transaction appends an
-- event to a random one of the few chains and logs the append in the same
-- transaction; the event's lot is the log row's number, so afterwards every
-- chain can be compared with its log, event by event.
\set id random(1, :chains)
BEGIN;
INSERT INTO cc_log (chain_id, client) VALUES (:id, :client_id) RETURNING n AS logged
\gset
UPDATE cc_chains SET chain = trace_append(chain, 'shipping', clock_timestamp(),
    actor => 'client-' || :client_id, lot => :logged::text, quantity => :logged, uom => 'KGM')
  WHERE id = :id;
END;
