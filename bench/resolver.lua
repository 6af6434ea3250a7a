-- wrk script of the resolver load (bench/resolver.sh, and the smoke run of
-- test/scripts/resolver.sh): cycles through a list of requests, one a line,
-- "H <path>" (a product page, Accept: text/html) or "L <path>" (a linkset,
-- Accept: application/linkset+json); each wrk thread starts at its own place.
-- done() prints one RESULT line: requests, errors (connect, read, write,
-- timeout, and statuses >= 400), p50/p99 latency, requests per second.
local paths, kinds = {}, {}
local n = 0

function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    local k, p = line:match("^([HL]) (%S+)$")
    if k then
      kinds[#kinds + 1] = k
      paths[#paths + 1] = p
    end
  end
  f:close()
  local seed = tonumber(tostring({}):match("0x(%x+)") or "1", 16) or 1
  n = seed % #paths
end

function request()
  n = n % #paths + 1
  local accept = kinds[n] == "L" and "application/linkset+json" or "text/html"
  return wrk.format("GET", paths[n], { ["Accept"] = accept })
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d non2xx3xx=%d p50_ms=%.2f p99_ms=%.2f rps=%.1f\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
