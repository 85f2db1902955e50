# TrustMetrics — two commands: `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libopenblas-dev libreadstat-dev pkg-config zlib1g-dev
DEMO_STUDY := Datasets/hvb-demo/study.yaml
OUT := out/demo
BIN_RELEASE := .build/release/trustmetrics

.PHONY: demo test deps build build-release clean bench

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

## Build in release mode and run the main job on the demo study.
demo: build-release
	@mkdir -p $(OUT)
	$(BIN_RELEASE) check $(DEMO_STUDY) --wave 2023
	$(BIN_RELEASE) check $(DEMO_STUDY) --format md --output $(OUT)/quality.md 2>/dev/null
	$(BIN_RELEASE) describe $(DEMO_STUDY) --by wave
	$(BIN_RELEASE) describe $(DEMO_STUDY) --by wave --format csv --output $(OUT)/describe_by_wave.csv
	$(BIN_RELEASE) describe $(DEMO_STUDY) --by wave --format json --output $(OUT)/describe_by_wave.json
	$(BIN_RELEASE) reliability $(DEMO_STUDY) --wave 2023
	$(BIN_RELEASE) reliability $(DEMO_STUDY) --wave 2023 --format json --output $(OUT)/reliability_2023.json
	$(BIN_RELEASE) factors $(DEMO_STUDY) --wave 2023 --nfactors parallel --correlation polychoric --format md --output $(OUT)/factors_2023.md
	@echo "Tables written to $(OUT)/"

## Build and run the whole test suite (unit, reference, CLI and notebook tests).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	bash Benchmarks/run_csv.sh

clean:
	rm -rf .build out
