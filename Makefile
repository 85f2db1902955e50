# TrustMetrics — `make demo`, `make test`, `make install [PREFIX=/usr/local]`, `make bench`.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libopenblas-dev libreadstat-dev pkg-config zlib1g-dev chromium
STUDY := Datasets/hvb-demo/study.yaml
MARGINS := Datasets/hvb-demo/margins/land_sizeclass.csv
BITKOM := Datasets/benchmarks/bitkom_laenderindex_2024.csv
OUT := out/demo
ANALYST := out/analyst
TM := .build/release/trustmetrics

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: demo test deps build-release clean bench fuzz install uninstall

## Install missing Debian packages (only those not yet installed).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build-release: deps
	$(SWIFT) build -c release --product trustmetrics

## The main job on the (synthetic) demo study: check → reliability → weights → indices →
## rankings with intervals (Länder, Sachsen-Anhalt's Kreise) → comparison with the Bitkom
## Länderindex and with the previous wave. Tables are printed and saved to out/demo/ (CSV, JSON,
## Markdown, XLSX, charts as SVG, manifest.json); the whole analysis as a report (HTML, and PDF
## where Chromium is installed) and the Kreis tables for a German report (out/demo/de/).
## Respondent-level analyst files (check's listings, raked weights) go to out/analyst/, not the published folder.
demo: build-release
	@mkdir -p $(OUT)
	$(TM) check $(STUDY) --wave 2023 --save $(ANALYST)
	$(TM) describe $(STUDY) --by wave --items tr_land,tr_bund,dr_ozg,dr_eakte --save $(OUT)
	$(TM) reliability $(STUDY) --wave 2023 --save $(OUT)
	$(TM) weight $(STUDY) --rake $(MARGINS) --weights-output $(ANALYST)/weights.csv --save $(OUT)
	$(TM) index $(STUDY) --level land --wave 2023 --rake $(MARGINS) --save $(OUT)
	$(TM) rank $(STUDY) --index readiness --level land --wave 2023 --rake $(MARGINS) --shrink --save $(OUT)
	$(TM) rank $(STUDY) --index trust --level land --wave 2023 --rake $(MARGINS) --save $(OUT)
	$(TM) rank $(STUDY) --index trust --level kreis --wave 2023 --rake $(MARGINS) --shrink --save $(OUT)
	$(TM) compare $(STUDY) --index readiness --benchmark $(BITKOM) --wave 2023 --rake $(MARGINS) --save $(OUT)
	$(TM) compare $(STUDY) --index trust --previous-wave 2021 --wave 2023 --panel muni_id --rake $(MARGINS) --save $(OUT)
	$(TM) report $(STUDY) --wave 2023 --rake $(MARGINS) --benchmark readiness=$(BITKOM) --previous-wave 2021 --panel muni_id --shrink --output $(OUT)/report.html
	@if command -v chromium >/dev/null 2>&1; then \
	  $(TM) report $(STUDY) --wave 2023 --rake $(MARGINS) --benchmark readiness=$(BITKOM) --previous-wave 2021 --panel muni_id --shrink --output $(OUT)/report.pdf; \
	else echo "(no chromium: skipping $(OUT)/report.pdf; apt-get install chromium)"; fi
	$(TM) report $(STUDY) --wave 2023 --level kreis --rake $(MARGINS) --previous-wave 2021 --panel muni_id --lang de --output $(OUT)/bericht-kreise.html
	$(TM) rank $(STUDY) --index trust --level kreis --wave 2023 --rake $(MARGINS) --lang de --labels --csv excel-de --save $(OUT)/de
	$(TM) index $(STUDY) --level kreis --wave 2023 --rake $(MARGINS) --lang de --labels --csv excel-de --save $(OUT)/de
	@echo "Tables saved to $(OUT)/ (CSV, JSON, XLSX, Markdown, SVG; manifest.json), German tables to $(OUT)/de/,"
	@echo "reports: $(OUT)/report.html (and .pdf), $(OUT)/bericht-kreise.html. The demo study is SYNTHETIC."
	@echo "Respondent-level analyst files (data-quality listings, raked weights) are in $(ANALYST)/: not for publication."

## Build and run the whole test suite (unit, reference, CLI and walkthrough tests).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Benchmarks against the peers (R, numpy, pandas) on the same data in one run; tables in BENCHMARKS.md.
## Every harness's table goes to Benchmarks/work/NAME.md; the last step prints the combined table of
## issue 11's goals (end to end first) from all of them: Benchmarks/work/summary.md. RRUNS=1 adds
## the R peer of raking redone on 1,000 replicates (about 30 minutes and 12 GB).
BENCH_WORK := Benchmarks/work
RRUNS ?= 0
bench: deps
	mkdir -p $(BENCH_WORK)
	set -o pipefail; bash Benchmarks/run_csv.sh | tee $(BENCH_WORK)/csv.md
	set -o pipefail; bash Benchmarks/run_xlsx.sh | tee $(BENCH_WORK)/xlsx.md
	set -o pipefail; bash Benchmarks/run_load.sh | tee $(BENCH_WORK)/load.md
	bash Benchmarks/run_psychometrics.sh
	set -o pipefail; bash Benchmarks/run_survey.sh | tee $(BENCH_WORK)/survey.md
	set -o pipefail; RRUNS=$(RRUNS) bash Benchmarks/run_mainjob.sh | tee $(BENCH_WORK)/mainjob.md
	set -o pipefail; bash Benchmarks/run_cfa.sh | tee $(BENCH_WORK)/cfa.md
	set -o pipefail; bash Benchmarks/run_cfa_invariance_e2e.sh | tee $(BENCH_WORK)/cfa_invariance.md
	set -o pipefail; bash Benchmarks/run_publish.sh | tee $(BENCH_WORK)/publish.md
	bash Benchmarks/run_scale.sh
	python3 Benchmarks/summary.py | tee $(BENCH_WORK)/summary.md

## Fuzz the CSV, XLSX, SAV and YAML readers for FUZZ_SECONDS each (libFuzzer; a release build
## of Fuzz/ with --sanitize=fuzzer). Seeds: Fuzz/corpus/; findings: Fuzz/.work/. make test replays the corpus.
FUZZ_SECONDS ?= 60
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release --sanitize=fuzzer -Xswiftc -parse-as-library
	bash Fuzz/run.sh $(FUZZ_SECONDS)

## Install the `trustmetrics` binary and its shell completions under $(PREFIX) (default
## /usr/local; `make install PREFIX=$$HOME/.local` needs no root). DESTDIR stages for packaging.
install: build-release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" \
	  "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 755 $(TM) "$(DESTDIR)$(PREFIX)/bin/trustmetrics"
	$(TM) --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/trustmetrics"
	$(TM) --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_trustmetrics"
	$(TM) --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/trustmetrics.fish"
	@echo "Installed $(DESTDIR)$(PREFIX)/bin/trustmetrics and its bash, zsh and fish completions."

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/trustmetrics" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/trustmetrics" \
	  "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_trustmetrics" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/trustmetrics.fish"

clean:
	rm -rf .build out
