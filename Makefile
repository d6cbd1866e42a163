# Policy Credit Desk — build, run and test. `make run` and `make test` do all set-up on a fresh
# Debian machine: they install the system packages that are missing, then build.

GO       ?= go
BIN      := bin/policycredit
PKG      := ./cmd/policycredit
# The Windows build: mingw cross-compiles (cgo: SQLite and Fyne's GL driver), windres (in
# mingw's binutils) makes the icon and version resource, makensis the installer, zip the
# portable copy, and Wine runs the result in `make windows-check`.
WIN_PACKAGES := gcc-mingw-w64-x86-64 wine wine64 nsis zip
# Fyne's GL driver needs the X11/GL headers; Xvfb, xauth, xwd and netpbm run and photograph the
# window with no display; poppler-utils and qpdf check the PDF reports; postgresql gives the
# throw-away server of the PostgreSQL store's tests (.ci/pg, data/pgtest).
DEB_PACKAGES := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth x11-apps netpbm poppler-utils qpdf \
	libreoffice-calc-nogui postgresql $(WIN_PACKAGES)
SUDO     := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: deps build run test static vet deadcode fmt-check unit unit-core unit-ui-a unit-ui-b unit-pg conformance-district fuzz smoke bench screenshots package clean \
	windows windows-installer windows-check windows-screenshots windesk-test

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(GO) generate $(PKG)
	$(GO) build -o $(BIN) $(PKG)

# Opens the GUI on the default database (created on first start).
run: build
	./$(BIN)

vet:
	@unformatted=$$(gofmt -l cmd ui data reports translations transfer); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# Unreachable functions fail the build: code is either used by the product or deleted. The
# one exception is data/pgtest, the tests' throw-away PostgreSQL, which only tests call.
deadcode:
	@out=$$($(GO) run golang.org/x/tools/cmd/deadcode@v0.52.0 ./...) || exit 1; \
	out=$$(printf '%s\n' "$$out" | grep -v -e '^data/pgtest/' -e '^$$' || true); \
	if [ -n "$$out" ]; then echo "$$out"; echo "deadcode: unreachable functions (use them or delete them)"; exit 1; fi

static: vet deadcode

# The large-scale demo generator test (about 40 s) runs here; a plain `go test ./...` skips it.
# The screens' tests share Fyne's one test app, so they cannot run in parallel in one process:
# they run as two processes of about equal length: the Borrowers, Groups, Loans, Overview and
# Transaction day screens' tests with the walks over every screen, and all the others.
UI_SHARD := ^Test(Borrowers|Groups|Loans|Screen|Every|Overview|TxDay)
unit: unit-core unit-ui-a unit-ui-b unit-pg
# A package's tests may take longer than go test's 10 minutes on a loaded 2-core machine (cmd
# and ui run beside the PostgreSQL suite); CI's own bound is 90 minutes.
TEST_TIMEOUT := 30m
unit-core:
	POLICYCREDIT_TEST_LARGE=1 $(GO) test -count=1 -timeout $(TEST_TIMEOUT) $$($(GO) list ./... | grep -v '/ui$$')
# The store's tests again on PostgreSQL: the conformance suite (issue 23). Each test's empty
# office is a fresh database on the throw-away server; demo-office tests copy a SQLite file.
# The tests made for PostgreSQL alone (concurrency, migrations, engines side by side) already ran
# in unit-core.
PG_OWN := ^Test(Concurrent|TwoTellers|Postgres|Engines|ChangeMarker)
unit-pg:
	POLICYCREDIT_TEST_ENGINE=postgres $(GO) test -count=1 -timeout $(TEST_TIMEOUT) -skip '$(PG_OWN)' ./data/sqlite/
# The district demo office (a million entries) moved to PostgreSQL by `migrate`, and every
# report of the command line on both engines, on three dates: byte for byte the same (issue 23).
# 3 minutes on an idle machine, 7 under load: a plain `go test ./...` skips it; -v shows the
# time of each step.
conformance-district:
	POLICYCREDIT_DISTRICT=1 $(GO) test -count=1 -v -timeout 30m -run '^TestEnginesDistrictReports$$' ./cmd/policycredit/
unit-ui-a:
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) -run '$(UI_SHARD)' ./ui/
unit-ui-b:
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) -skip '$(UI_SHARD)' ./ui/

# The import's file readers take files from outside: 15 s of fuzzing each for CSV and xlsx.
# .ci/fuzz fails when a fuzzer's execution count stops growing (a passing go test does not
# say the target was fuzzed), and minimizes new inputs by count: see the script for why.
fuzz:
	GO="$(GO)" sh .ci/fuzz ./transfer/ FuzzReadCSV 15s
	GO="$(GO)" sh .ci/fuzz ./transfer/ FuzzReadXLSX 15s

# Starts the real binary under Xvfb, photographs the window and checks it quits cleanly.
smoke: build
	bash .ci/smoke

# The static checks run beside the unit tests, which leave a core idle while SQLite syncs.
# The Windows check runs last, on its own: its cold cross-build (about 6½ minutes, seconds
# when the Go build cache is warm) would only slow the tests down beside them.
# One throw-away PostgreSQL (.ci/pg) serves every package's tests, which make a database each
# on it; it is stopped whatever the tests' outcome, an interrupt included.
test: deps
	@sh .ci/pg start
	@trap 'sh .ci/pg stop; exit 130' INT TERM; eval "$$(sh .ci/pg env)"; \
		$(MAKE) --no-print-directory -j4 static unit-core conformance-district unit-ui-a unit-ui-b unit-pg; \
		rc=$$?; sh .ci/pg stop; exit $$rc
	@$(MAKE) --no-print-directory fuzz smoke windows-check

# Windows 10/11 64-bit, cross-built here: bin/policycredit.exe is the desktop app (GUI
# subsystem: no console window opens with it), bin/policycredit-cli.exe the same program for
# the command line and scripts (console subsystem, so that its output reaches the console).
# Both carry the icon, version and manifest made from FyneApp.toml by windows/winres, which
# windres turns into a .syso that `go build` links into Windows builds only.
WIN_ENV  := GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc
WIN_RES  := bin/windows
WIN_SYSO := cmd/policycredit/windesk_rsrc_windows_amd64.syso
windows: deps
	$(GO) generate $(PKG)
	$(GO) run ./windows/winres FyneApp.toml $(WIN_RES)
	cd $(WIN_RES) && x86_64-w64-mingw32-windres -O coff -i policycredit.rc -o $(CURDIR)/$(WIN_SYSO)
	$(WIN_ENV) $(GO) build -ldflags "-s -w -H windowsgui" -o $(WIN_RES)/policycredit.exe $(PKG)
	$(WIN_ENV) $(GO) build -ldflags "-s -w" -o $(WIN_RES)/policycredit-cli.exe $(PKG)
	@# Copied only when changed, so that the installer is remade only then.
	@for f in policycredit.exe policycredit-cli.exe; do cmp -s $(WIN_RES)/$$f bin/$$f || cp $(WIN_RES)/$$f bin/$$f; done

# The installer (NSIS, 64-bit) and, for PCs where installing needs an administrator, the same
# two programs in a zip that runs from any folder.
# Both are remade only when the programs changed (`windows` copies them into bin/ only then).
windows-installer: windows
	@$(MAKE) --no-print-directory bin/PolicyCreditDesk-setup.exe bin/PolicyCreditDesk-portable.zip
bin/PolicyCreditDesk-setup.exe: bin/policycredit.exe bin/policycredit-cli.exe windows/installer.nsi $(WIN_RES)/version.nsh
	makensis -V2 -DRES=$(CURDIR)/$(WIN_RES) -DBIN=$(CURDIR)/bin -DOUT=$(CURDIR)/$@ windows/installer.nsi
bin/PolicyCreditDesk-portable.zip: bin/policycredit.exe bin/policycredit-cli.exe windows/portable/README.txt
	rm -f $@
	zip -q -j $@ $^

# Runs the Windows build under Wine, in a throw-away prefix, against the Linux build (see the
# script). Debian 12's Wine lacks bcryptprimitives.dll, which Go's runtime needs: a stand-in
# built from windows/prng goes into the test prefix only, never into what ships.
# The Windows-only code's own tests (data folder, its permissions, the user's name) need no
# cgo: they cross-compile in seconds and run under Wine there too.
windows-check: build windows-installer $(WIN_RES)/test/bcryptprimitives.dll windesk-test
	bash .ci/windows-check

# The Windows-only code's test binary; go's cache decides whether it is rebuilt.
windesk-test:
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) test -c -o $(WIN_RES)/test/windesk.test.exe ./windows/windesk/

$(WIN_RES)/test/bcryptprimitives.dll: windows/prng/processprng.c windows/prng/processprng.def
	@mkdir -p $(@D)
	x86_64-w64-mingw32-gcc -O2 -shared -s -o $@ $^ -lbcrypt

# Photographs the Windows build under Wine into docs/screenshots/windows-*.png (first start,
# Overview, a printed statement in the PDF viewer, which xdotool and mupdf stand in for).
windows-screenshots: windows-installer $(WIN_RES)/test/bcryptprimitives.dll windesk-test
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="xdotool mupdf"
	WINDOWS_SHOTS=docs/screenshots bash .ci/windows-check

# The Borrowers screen's benchmarks (data/sqlite) run on the demo office of BENCH_SCALE
# (large: 35,000 households, 4 M entries), kept in bin/ between runs: made in about two minutes
# when missing, removed by `make clean`. The whole-office benchmarks of the transaction day,
# statements and summaries then run on copies of that file.
BENCH_SCALE ?= large
bench: deps
	POLICYCREDIT_BENCH_SCALE=$(BENCH_SCALE) POLICYCREDIT_BENCH_DB=$(CURDIR)/bin/bench-$(BENCH_SCALE).db \
		POLICYCREDIT_BENCH_LARGE_DB=$(CURDIR)/bin/bench-$(BENCH_SCALE).db \
		$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 60m ./... | tee bench.out

# Refreshes docs/screenshots/ from the real window under Xvfb.
screenshots: build
	bash .ci/screenshots

# Desktop package from FyneApp.toml, read through the link cmd/policycredit/FyneApp.toml. fyne
# bumps the Build number there, so the generated metadata is refreshed after it; then the
# Windows installer and portable zip, with that Build number in their version.
package: deps
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.0 package -os linux --release --src $(PKG)
	$(GO) generate $(PKG)
	@$(MAKE) --no-print-directory windows-installer

clean:
	rm -rf bin bench.out $(WIN_SYSO)
