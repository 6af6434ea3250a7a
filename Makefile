# ocop -- PGXS build.  `make demo` and `make test` are the two commands a new
# user needs (see README.md); everything else is for developers.

EXTENSION   = ocop
EXTVERSION  = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" ocop.control)

MODULE_big  = ocop
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard extension/*.c)))
PG_CPPFLAGS = -I$(srcdir)/include
# -Bsymbolic: ocop.so calls its own copy of the code ocop_postgis.so also
# compiles in (PostgreSQL loads libraries with RTLD_GLOBAL).
SHLIB_LINK  = -lqrencode -lz -Wl,-Bsymbolic

# The versioned install script is the header sql/ocop.sql followed by the
# feature scripts in sql/features/ in name order (01_ocop_code.sql first).
OCOP_SQL_PARTS = sql/ocop.sql $(sort $(wildcard sql/features/*.sql))
DATA_built  = sql/ocop--$(EXTVERSION).sql
DATA        = $(filter-out $(DATA_built),$(wildcard sql/ocop--*--*.sql))

# The PostGIS companion ocop_postgis is its own PGXS tree, ocop_postgis/ (its
# library, scripts, generated data and suites; ocop_postgis/Makefile): `make`,
# `make install`, `make installcheck` and `make clean` here run it too (see
# the end of this file).  The core itself needs no PostGIS, to build or to
# test.
POSTGIS_DIR = ocop_postgis

# The core's pg_regress suites, in the order they run (make installcheck, and
# pg_buildext installcheck in the Debian package's test).  The order is this
# list, not the file names: catalog audits every object the core creates, so
# it runs last.  None needs PostGIS (the companion's suites are in
# ocop_postgis/Makefile's REGRESS).  scripts/test checks that this list and
# the companion's name the suites test/MANIFEST lists.
REGRESS      = admin assessment gs1 gs1_conformance gs1_digital_link limits \
	ocop_code ocop_star ocop_star_rules qr shards \
	soft_errors trace_chain trace_compare trace_doc trace_hash_id \
	catalog
REGRESS_OPTS = --inputdir=test --outputdir=test --encoding=UTF8 --load-extension=ocop
NO_INSTALLCHECK = 1

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

# ---------------------------------------------------------------------------
# Generator check (issue 19): the default target regenerates every committed
# generated file from data/ into build/regen/ (scripts/check-generated, python3
# standard library) and fails, naming the file and its first difference, when
# one differs from what is committed.  The stamp reruns it whenever a
# generator, an input or a generated file changes.
GEN_CHECK = build/regen/.ok
all: $(GEN_CHECK)
$(GEN_CHECK): scripts/check-generated $(wildcard scripts/gen-admin scripts/gen-taxonomy \
		scripts/gen-criteria scripts/gen-gs1-ais scripts/gen-epcis-terms) \
		$(wildcard data/*.csv data/admin/*.csv data/gs1/* data/epcis/*) \
		$(wildcard sql/features/*.sql sql/ocop--*--*.sql include/*.h) \
		extension/gs1_ai_core.c sql/RELEASES ocop.control
	python3 scripts/check-generated

# ---------------------------------------------------------------------------
# Pure-C cores (extension/*_core.c; the companion's in ocop_postgis/src/): built twice, as PostgreSQL builds its
# src/common -- against postgres.h in the module (OBJS above), and against
# postgres_fe.h (-DFRONTEND) for the unit tests and fuzzers, which link the
# frontend builds of PostgreSQL's common code, libpgcommon.a and libpgport.a,
# as PostgreSQL's own client programs do (and libcrypto when PostgreSQL's
# cryptohash is OpenSSL's).  Not the _shlib variants, which are for libraries
# such as libpq: from PostgreSQL 18 on they leave out fe_memutils (palloc) and
# build common/jsonapi.c on libpq's PQExpBuffer.  The server headers are
# -isystem so that -Wextra -Werror judges our code, not theirs.
CORE_SRCS  = $(sort $(wildcard extension/*_core.c)) $(sort $(wildcard $(POSTGIS_DIR)/src/*_core.c))
CORE_LIBS  = -lqrencode -lpng -lz -lproj -lm
CORE_HDRS  = $(wildcard include/*.h) $(wildcard $(POSTGIS_DIR)/include/*.h)
CORE_FE_CPPFLAGS = -DFRONTEND -Iinclude -I$(POSTGIS_DIR)/include -isystem $(includedir_server)
CORE_FE_LIBS = -L$(pkglibdir) -lpgcommon -lpgport \
	$(if $(filter openssl,$(with_ssl)),-lcrypto) $(CORE_LIBS)

# The tests' memory context (test/common/fe_memory.h): link-time wrapping of
# the C allocator, so that a test or fuzz input frees everything the cores
# palloc'd, as the server's memory contexts do.
FE_MEMORY_SRCS = test/common/fe_memory.c
FE_MEMORY_LDFLAGS = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup,--wrap=strndup

UNIT_SRCS  = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS  = $(patsubst test/unit/%.c,test/unit/bin/%,$(UNIT_SRCS))
UNIT_CC    = cc
UNIT_FLAGS = -std=gnu99 -O1 -g -Wall -Wextra -Werror $(CORE_FE_CPPFLAGS) -Itest/unit -Itest/common \
	-fsanitize=address,undefined -fno-sanitize-recover=all

test/unit/bin/%: test/unit/%.c $(CORE_SRCS) $(CORE_HDRS) test/unit/unit.h $(FE_MEMORY_SRCS) test/common/fe_memory.h
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_FLAGS) -o $@ $< $(CORE_SRCS) $(FE_MEMORY_SRCS) $(ORACLE_OBJS) $(FE_MEMORY_LDFLAGS) $(CORE_FE_LIBS)

unit-build: $(UNIT_BINS)

FUZZ_SRCS  = $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS  = $(patsubst test/fuzz/%.c,test/fuzz/bin/%,$(FUZZ_SRCS))
FUZZ_CC    = clang
FUZZ_FLAGS = -g -O1 $(CORE_FE_CPPFLAGS) -Itest/common -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all

test/fuzz/bin/%: test/fuzz/%.c $(CORE_SRCS) $(CORE_HDRS) $(FE_MEMORY_SRCS) test/common/fe_memory.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(CORE_SRCS) $(FE_MEMORY_SRCS) $(ORACLE_OBJS) $(FE_MEMORY_LDFLAGS) $(CORE_FE_LIBS)

fuzz-build: $(FUZZ_BINS)

# The JSON property test and differential fuzzer link the hand-written
# parser of commit 9d135a5 as an oracle, built from the clone's history
# (test/common/json_oracle.sh: one object, one global symbol), compiled with
# the flags of the program it joins.
JSON_ORACLE_DEPS = test/common/json_oracle.sh test/common/json_oracle.c test/common/json_oracle.h
build/json_oracle/unit/json_oracle.o: $(JSON_ORACLE_DEPS)
	@mkdir -p $(dir $@)
	bash test/common/json_oracle.sh $@ $(UNIT_CC) $(UNIT_FLAGS)
build/json_oracle/fuzz/json_oracle.o: $(JSON_ORACLE_DEPS)
	@mkdir -p $(dir $@)
	bash test/common/json_oracle.sh $@ $(FUZZ_CC) $(filter-out -fsanitize=fuzzer%,$(FUZZ_FLAGS)) \
		-fsanitize=fuzzer-no-link,address,undefined
test/unit/bin/test_json_diff: build/json_oracle/unit/json_oracle.o test/common/json_oracle.h
test/unit/bin/test_json_diff: ORACLE_OBJS = build/json_oracle/unit/json_oracle.o
test/fuzz/bin/fuzz_json_diff: build/json_oracle/fuzz/json_oracle.o test/common/json_oracle.h
test/fuzz/bin/fuzz_json_diff: ORACLE_OBJS = build/json_oracle/fuzz/json_oracle.o

# ---------------------------------------------------------------------------
# The two commands, and friends.
.PHONY: demo test stop unit fuzz bench unit-build fuzz-build regress-list core-regress-list
# The suites of REGRESS, the core's then the companion's, one a line, in
# order (scripts/test compares them with test/MANIFEST).
regress-list: core-regress-list
	@$(MAKE) -s --no-print-directory -C $(POSTGIS_DIR) regress-list
core-regress-list:
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

# ---------------------------------------------------------------------------
# The companion.  `make`, `make install` and `make clean` run its own
# Makefile after building the core's files.  `make installcheck` runs the
# core's suites, then the companion's (even when the core's failed, so that a
# run reports both; it fails when either does): PGXS's own installcheck is
# turned off (NO_INSTALLCHECK, set above) for this one.
.PHONY: postgis-all postgis-install postgis-clean core-installcheck
all: postgis-all
postgis-all: $(shlib) $(DATA_built)
	$(MAKE) -C $(POSTGIS_DIR) all
install: postgis-install
postgis-install: postgis-all
	$(MAKE) -C $(POSTGIS_DIR) install
clean: postgis-clean
postgis-clean:
	$(MAKE) -C $(POSTGIS_DIR) clean
core-installcheck: submake $(REGRESS_PREP)
	$(pg_regress_installcheck) $(REGRESS_OPTS) $(REGRESS)
installcheck:
	@rc=0; $(MAKE) core-installcheck || rc=1; $(MAKE) -C $(POSTGIS_DIR) installcheck || rc=1; exit $$rc
