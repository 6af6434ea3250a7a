#!/usr/bin/env bash
# META.json (PGXN) is valid: JSON without duplicate keys, the keys and value
# formats of the PGXN Meta Spec 1.0 (required keys, terms, SemVer versions,
# licence, provides with file and version, prereq phases/relationships and
# version ranges, resources, tags, release_status), both extensions provided,
# PostgreSQL 15+ and PostGIS 3 among the prereqs, and one version everywhere:
# META.json, its provides, ocop.control (and ocop_postgis.control when it is
# in the tree) and debian/changelog.  Broken copies must be rejected, so the
# checker itself is tested.
set -euo pipefail
TOP=${OCOP_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP"
PY=/usr/bin/python3   # Debian's, not a pyenv one

CHECKER=$(mktemp /tmp/ocop-meta-check.XXXXXX.py)
WORK=$(mktemp -d /tmp/ocop-meta.XXXXXX)
trap 'rm -rf "$CHECKER" "$WORK"' EXIT
cat >"$CHECKER" <<'PY'
import json, os, re, sys

path, top = sys.argv[1], sys.argv[2]
errors = []
def err(msg): errors.append(msg)

def no_dups(pairs):
    keys = [k for k, _ in pairs]
    dups = sorted({k for k in keys if keys.count(k) > 1})
    if dups:
        raise ValueError("duplicate keys: " + ", ".join(dups))
    return dict(pairs)

try:
    with open(path, encoding="utf-8") as f:
        meta = json.load(f, object_pairs_hook=no_dups)
except (ValueError, OSError) as e:
    print(f"{path}: not valid JSON: {e}")
    sys.exit(1)

SEMVER = r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"
RANGE_ONE = r"(?:(?:[=!]=|[<>]=?)\s*)?" + SEMVER
RANGE = re.compile(r"^(?:" + RANGE_ONE + r"|0)(?:,\s*" + RANGE_ONE + r")*$")
TERM = re.compile(r"^[^/\\\s\x00-\x1f\x7f]{2,}$")
TAG = re.compile(r"^[^/\\\x00-\x1f\x7f]{2,255}$")
LICENSES = {"agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd",
            "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit",
            "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay",
            "sun", "zlib", "open_source", "restricted", "unrestricted", "unknown"}
TOPKEYS = {"name", "version", "abstract", "maintainer", "license", "provides", "meta-spec",
           "description", "generated_by", "tags", "no_index", "prereqs", "release_status",
           "resources"}
custom = lambda k: re.match(r"^[xX]_.", k) is not None
semver = lambda v: isinstance(v, str) and re.fullmatch(SEMVER, v) is not None
nonempty = lambda v: isinstance(v, str) and len(v) >= 1

if not isinstance(meta, dict):
    print("META.json is not an object"); sys.exit(1)
for k in ["name", "version", "abstract", "maintainer", "license", "provides", "meta-spec"]:
    if k not in meta:
        err(f"missing required key {k!r}")
for k in meta:
    if k not in TOPKEYS and not custom(k):
        err(f"unknown top-level key {k!r}")

if "name" in meta and not (isinstance(meta["name"], str) and TERM.match(meta["name"])):
    err("name is not a term")
if "version" in meta and not semver(meta["version"]):
    err(f"version {meta.get('version')!r} is not SemVer")
for k in ["abstract", "description", "generated_by"]:
    if k in meta and not nonempty(meta[k]):
        err(f"{k} must be a non-empty string")
mt = meta.get("maintainer")
if mt is not None and not (nonempty(mt) or (isinstance(mt, list) and mt and all(nonempty(x) for x in mt))):
    err("maintainer must be a string or a non-empty list of strings")
lic = meta.get("license")
if lic is not None:
    if isinstance(lic, str):
        ok = lic in LICENSES
    elif isinstance(lic, list):
        ok = bool(lic) and all(x in LICENSES for x in lic)
    elif isinstance(lic, dict):
        ok = bool(lic) and all(isinstance(u, str) and re.match(r"^[a-z]+://", u) for u in lic.values())
    else:
        ok = False
    if not ok:
        err(f"license {lic!r} is not valid")
    if lic != "postgresql":
        err("license must be 'postgresql' (LICENSE is the PostgreSQL Licence)")
ms = meta.get("meta-spec")
if ms is not None and not (isinstance(ms, dict) and isinstance(ms.get("version"), str)
                           and re.fullmatch(r"1\.0\.\d+", ms["version"])):
    err("meta-spec.version must be 1.0.x")

prov = meta.get("provides")
if prov is not None:
    if not isinstance(prov, dict) or not prov:
        err("provides must be a non-empty object")
        prov = {}
    for ext, d in prov.items():
        if not TERM.match(ext):
            err(f"provides key {ext!r} is not a term")
        if not isinstance(d, dict):
            err(f"provides.{ext} is not an object"); continue
        for k in d:
            if k not in {"file", "version", "abstract", "docfile"} and not custom(k):
                err(f"provides.{ext}: unknown key {k!r}")
        for k in ["file", "version"]:
            if k not in d:
                err(f"provides.{ext}: missing {k!r}")
        if "version" in d and not semver(d["version"]):
            err(f"provides.{ext}.version is not SemVer")
        if "abstract" in d and not nonempty(d["abstract"]):
            err(f"provides.{ext}.abstract must be a non-empty string")
    for ext in ["ocop", "ocop_postgis"]:
        if ext not in prov:
            err(f"provides lacks {ext!r}")

pr = meta.get("prereqs")
if pr is not None:
    if not isinstance(pr, dict) or not pr:
        err("prereqs must be a non-empty object"); pr = {}
    for phase, rels in pr.items():
        if phase not in {"configure", "build", "test", "runtime", "develop"} and not custom(phase):
            err(f"prereqs: unknown phase {phase!r}"); continue
        if not isinstance(rels, dict) or not rels:
            err(f"prereqs.{phase} must be a non-empty object"); continue
        for rel, reqs in rels.items():
            if rel not in {"requires", "recommends", "suggests", "conflicts"} and not custom(rel):
                err(f"prereqs.{phase}: unknown relationship {rel!r}"); continue
            if not isinstance(reqs, dict):
                err(f"prereqs.{phase}.{rel} must be an object"); continue
            for name, rng in reqs.items():
                if not TERM.match(name):
                    err(f"prereqs.{phase}.{rel}: {name!r} is not a term")
                if not (rng == 0 or (isinstance(rng, str) and RANGE.match(rng))):
                    err(f"prereqs.{phase}.{rel}.{name}: {rng!r} is not a version range")
    rt = pr.get("runtime", {}) if isinstance(pr.get("runtime"), dict) else {}
    req = rt.get("requires", {}) if isinstance(rt.get("requires"), dict) else {}
    pgv = req.get("PostgreSQL")
    m = re.match(r"^(?:>=\s*)?(\d+)\.", pgv) if isinstance(pgv, str) else None
    if not m or int(m.group(1)) < 15:
        err(f"prereqs.runtime.requires.PostgreSQL must be 15 or later, is {pgv!r}")
    gis = None
    for rel in ["requires", "recommends"]:
        d = rt.get(rel, {})
        if isinstance(d, dict) and "PostGIS" in d:
            gis = d["PostGIS"]
    m = re.match(r"^(?:>=\s*)?(\d+)\.", gis) if isinstance(gis, str) else None
    if not m or int(m.group(1)) != 3:
        err(f"prereqs.runtime must require or recommend PostGIS 3 (for ocop_postgis), has {gis!r}")
else:
    err("prereqs missing: PostgreSQL 15+ and PostGIS 3 must be named")

rs = meta.get("release_status")
if rs is not None and rs not in {"stable", "testing", "unstable"}:
    err(f"release_status {rs!r} is not stable, testing or unstable")
res = meta.get("resources")
if res is not None:
    if not isinstance(res, dict) or not res:
        err("resources must be a non-empty object")
    else:
        for k, v in res.items():
            if k not in {"homepage", "bugtracker", "repository"} and not custom(k):
                err(f"resources: unknown key {k!r}")
        if "homepage" in res and not (isinstance(res["homepage"], str) and re.match(r"^https?://", res["homepage"])):
            err("resources.homepage is not a URI")
tags = meta.get("tags")
if tags is not None and not (isinstance(tags, list) and tags and all(isinstance(t, str) and TAG.match(t) for t in tags)):
    err("tags must be a non-empty list of 2-255 character strings without / \\ or control characters")

# One version everywhere.
def control_version(name):
    p = os.path.join(top, name + ".control")
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as f:
        m = re.search(r"^default_version\s*=\s*'([^']*)'", f.read(), re.M)
    return m.group(1) if m else ""
v = meta.get("version")
cv = control_version("ocop")
if cv is None:
    err("ocop.control not found")
elif cv != v:
    err(f"ocop.control default_version {cv!r} differs from META.json version {v!r}")
for ext, d in (prov or {}).items():
    if not isinstance(d, dict):
        continue
    if d.get("version") != v:
        err(f"provides.{ext}.version {d.get('version')!r} differs from version {v!r}")
    ecv = control_version(ext)
    if ecv is None:
        # The Makefile builds ocop_postgis only when its script exists.
        if ext == "ocop":
            err("ocop.control not found")
        else:
            print(f"note: {ext}.control is not in this tree (yet): its files are not checked")
        continue
    if ecv != d.get("version"):
        err(f"{ext}.control default_version {ecv!r} differs from provides.{ext}.version")
    for k in ["file", "docfile"]:
        if k in d and not os.path.isfile(os.path.join(top, d[k])):
            err(f"provides.{ext}.{k} {d[k]!r} does not exist")
cl = os.path.join(top, "debian", "changelog")
if os.path.exists(cl):
    with open(cl, encoding="utf-8") as f:
        m = re.match(r"^\S+ \(([^)]+)\)", f.readline())
    dv = m.group(1) if m else ""
    up = re.sub(r"-[^-]*$", "", re.sub(r"^\d+:", "", dv))
    if up != v:
        err(f"debian/changelog upstream version {up!r} differs from META.json version {v!r}")

if errors:
    print(f"{path}: {len(errors)} problem(s)")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print(f"{path}: OK (version {v})")
PY

fail=0
"$PY" "$CHECKER" META.json "$TOP" || fail=1

# The checker must reject broken copies (each mutation on its own).
mutate() {  # mutate NAME PYTHON-STATEMENT-ON-m
  "$PY" - "$WORK/$1.json" "$2" <<'PY'
import json, sys
m = json.load(open("META.json", encoding="utf-8"))
exec(sys.argv[2])
open(sys.argv[1], "w", encoding="utf-8").write(json.dumps(m))
PY
  if "$PY" "$CHECKER" "$WORK/$1.json" "$TOP" >"$WORK/$1.out" 2>&1; then
    echo "FAIL: broken META.json ($1) was accepted"; fail=1
  else
    echo "ok: rejected $1: $(grep -m1 '^  - ' "$WORK/$1.out" | sed 's/^ *- //')"
  fi
}
mutate no-license 'del m["license"]'
mutate version-mismatch 'm["version"] = "9.9.9"; m["provides"]["ocop"]["version"] = "9.9.9"; m["provides"]["ocop_postgis"]["version"] = "9.9.9"'
mutate provides-no-file 'del m["provides"]["ocop"]["file"]'
mutate no-postgis-provides 'del m["provides"]["ocop_postgis"]'
mutate old-postgresql 'm["prereqs"]["runtime"]["requires"]["PostgreSQL"] = "14.0.0"'
mutate bad-range 'm["prereqs"]["runtime"]["recommends"]["PostGIS"] = "3"'
mutate bad-tag 'm["tags"].append("a/b")'
mutate unknown-key 'm["homepage"] = "x"'
printf '{"name": "ocop", "name": "x"}' >"$WORK/dup.json"
if "$PY" "$CHECKER" "$WORK/dup.json" "$TOP" >/dev/null 2>&1; then
  echo "FAIL: duplicate keys accepted"; fail=1
else
  echo "ok: rejected duplicate keys"
fi
printf '{"name": "ocop",}' >"$WORK/bad.json"
if "$PY" "$CHECKER" "$WORK/bad.json" "$TOP" >/dev/null 2>&1; then
  echo "FAIL: invalid JSON accepted"; fail=1
else
  echo "ok: rejected invalid JSON"
fi
exit $fail
