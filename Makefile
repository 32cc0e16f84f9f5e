# lrnn: regenerate the figures of "Learning dynamics in linear recurrent neural networks".
# `make figures` and `make test` work on a fresh machine: they install and build on the way.
FIGURES := fig2 figA1 fig3 fig4 figA2 figA3 fig5 figA4 figA5 figA6 figA7 fig6 figA8 figA9 figA10 figA11
LRNN := node bin/lrnn
ARGS ?=

.PHONY: all install build figures manuscript report quick test bench clean $(FIGURES)

all: figures

node_modules/.package-lock.json: package.json package-lock.json
	npm ci

install: node_modules/.package-lock.json

build: install
	npm run build --silent

# Every implemented figure at paper scale into figures/, then the report (figures/REPORT.md, report.html).
# A failed claim does not stop the report: it is listed first in it, and make still fails after.
figures: build
	$(LRNN) repro all $(ARGS); status=$$?; $(LRNN) report --out figures; exit $$status

# Every implemented figure as a vector PDF for a manuscript: single-column width, print theme, into
# figures/print/. Figures compute at paper scale; pass e.g. ARGS=--quick for a fast draft.
manuscript: build
	$(LRNN) repro all --format pdf --width column --theme print --out figures/print $(ARGS)

report: build
	$(LRNN) report --out figures

# Every implemented figure at quick scale, compared with the snapshots.
quick: build
	$(LRNN) repro all --quick --check $(ARGS)

test: install
	npm test

bench: install
	npm run --silent bench

# One target per figure: `make fig2`, `make fig4 ARGS="--quick --set T=8"`.
$(FIGURES): build
	$(LRNN) repro $@ $(ARGS)

clean:
	rm -rf dist figures
