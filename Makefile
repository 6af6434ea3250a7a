# ocop -- PGXS build.  `make demo` and `make test` are the two commands a new
# user needs (see README.md); everything else is for developers.

EXTENSION   = ocop
EXTVERSION  = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" ocop.control)

MODULE_big  = ocop
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard extension/*.c)))
PG_CPPFLAGS = -I$(srcdir)/include
SHLIB_LINK  = -lqrencode -lz -lproj

# The versioned install script is the header sql/ocop.sql followed by the
# feature scripts in sql/features/ in name order (01_ocop_code.sql first).
OCOP_SQL_PARTS = sql/ocop.sql $(sort $(wildcard sql/features/*.sql))
DATA_built  = sql/ocop--$(EXTVERSION).sql
DATA        = $(filter-out $(DATA_built),$(wildcard sql/ocop--*--*.sql))

# The PostGIS companion, when its script exists.
# Its 0.3.0 install script and the 0.2.0 -> 0.3.0 update script end with the
# national shapes, generated from data/geo/*.geojson.xz by scripts/gen-geo
# (python3, standard library) into build/: about 30 MB of SQL that is a build
# product, never committed (data/geo/README.md, "How it ships").  The update
# script is installed from build/ (the committed sql/ file without the data is
# its source).
GEO_SHAPES = build/ocop_postgis_shapes.sql
GEO_UPDATE = ocop_postgis--0.2.0--0.3.0.sql
ifneq ($(wildcard sql/ocop_postgis.sql),)
EXTENSION  += ocop_postgis
DATA_built += sql/ocop_postgis--$(EXTVERSION).sql build/$(GEO_UPDATE)
DATA       += $(filter-out sql/$(GEO_UPDATE),$(wildcard sql/ocop_postgis--*--*.sql))
endif

# The pg_regress suites, in the order they run (make installcheck, and
# pg_buildext installcheck in the Debian package's test).  The order is this
# list, not the file names: catalog audits every object the extensions
# create, ocop_postgis included (which the postgis_* suites create), so it
# runs last.  scripts/test checks that this list and test/MANIFEST name the
# same suites.
REGRESS      = admin assessment gs1 gs1_conformance gs1_digital_link limits \
	ocop_code ocop_star ocop_star_rules postgis_geo postgis_national postgis_trace postgis_trace_ref postgis_vn2000 qr shards \
	soft_errors trace_chain trace_compare trace_doc trace_hash_id \
	catalog
REGRESS_OPTS = --inputdir=test --outputdir=test --encoding=UTF8 --load-extension=ocop

EXTRA_CLEAN = build test/results test/regression.diffs test/regression.out \
	test/unit/bin test/fuzz/bin

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track header dependencies: every object (and its JIT
# bitcode) is rebuilt when a header changes (a stale object compiled against
# an older ocop_error.h maps error classes to the wrong SQLSTATEs).
$(OBJS) $(OBJS:.o=.bc): $(wildcard include/*.h)

sql/ocop--$(EXTVERSION).sql: $(OCOP_SQL_PARTS) ocop.control
	cat $(OCOP_SQL_PARTS) > $@

sql/ocop_postgis--$(EXTVERSION).sql: sql/ocop_postgis.sql $(GEO_SHAPES) ocop.control
	cat sql/ocop_postgis.sql $(GEO_SHAPES) > $@

build/$(GEO_UPDATE): sql/$(GEO_UPDATE) $(GEO_SHAPES)
	cat sql/$(GEO_UPDATE) $(GEO_SHAPES) > $@

# gen-geo checks the inputs' SHA-256 and the codes against data/admin/ and
# fails the build on any difference.
$(GEO_SHAPES): scripts/gen-geo $(wildcard data/geo/*.geojson.xz) data/admin/communes.csv data/admin/provinces.csv
	@mkdir -p build
	python3 scripts/gen-geo $@

# ---------------------------------------------------------------------------
# Pure-C cores (extension/*_core.c): built twice, as PostgreSQL builds its
# src/common -- against postgres.h in the module (OBJS above), and against
# postgres_fe.h (-DFRONTEND) for the unit tests and fuzzers, which link the
# frontend builds of PostgreSQL's common code, libpgcommon_shlib.a and
# libpgport_shlib.a, as PostgreSQL's own client programs do (and libcrypto
# when PostgreSQL's cryptohash is OpenSSL's).  The server headers are
# -isystem so that -Wextra -Werror judges our code, not theirs.
CORE_SRCS  = $(sort $(wildcard extension/*_core.c))
CORE_LIBS  = -lqrencode -lpng -lz -lproj -lm
CORE_HDRS  = $(wildcard include/*.h)
CORE_FE_CPPFLAGS = -DFRONTEND -Iinclude -isystem $(includedir_server)
CORE_FE_LIBS = -L$(pkglibdir) -lpgcommon_shlib -lpgport_shlib \
	$(if $(filter openssl,$(with_ssl)),-lcrypto) $(CORE_LIBS)

UNIT_SRCS  = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS  = $(patsubst test/unit/%.c,test/unit/bin/%,$(UNIT_SRCS))
UNIT_CC    = cc
UNIT_FLAGS = -std=gnu99 -O1 -g -Wall -Wextra -Werror $(CORE_FE_CPPFLAGS) -Itest/unit \
	-fsanitize=address,undefined -fno-sanitize-recover=all

test/unit/bin/%: test/unit/%.c $(CORE_SRCS) $(CORE_HDRS) test/unit/unit.h
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_FLAGS) -o $@ $< $(CORE_SRCS) $(CORE_FE_LIBS)

unit-build: $(UNIT_BINS)

FUZZ_SRCS  = $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS  = $(patsubst test/fuzz/%.c,test/fuzz/bin/%,$(FUZZ_SRCS))
FUZZ_CC    = clang
FUZZ_FLAGS = -g -O1 $(CORE_FE_CPPFLAGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all

test/fuzz/bin/%: test/fuzz/%.c $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(CORE_SRCS) $(CORE_FE_LIBS)

fuzz-build: $(FUZZ_BINS)

# ---------------------------------------------------------------------------
# The two commands, and friends.
.PHONY: demo test stop unit fuzz bench unit-build fuzz-build regress-list
# The suites of REGRESS, one a line, in order (scripts/test compares them
# with test/MANIFEST).
regress-list:
	@printf '%s\n' $(REGRESS)
demo:
	bash scripts/demo
test:
	bash scripts/test
stop:
	bash scripts/resolver stop
	bash scripts/cluster stop
unit: unit-build
	bash scripts/run-unit
fuzz: fuzz-build
	bash scripts/run-fuzz
bench:
	bash bench/run
