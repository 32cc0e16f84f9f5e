# lrnn: regenerate the figures of "Learning dynamics in linear recurrent neural networks".
# `make figures` and `make test` work on a fresh machine: they install and build on the way.
LRNN := node bin/lrnn
ARGS ?=
# The output folder named in ARGS (--out X or --out=X), default figures: the report goes beside the figures.
OUT_OF_ARGS = out=figures; set -- $(ARGS); while [ $$\# -gt 0 ]; do case "$$1" in --out) out="$$2"; shift;; --out=*) out="$${1\#--out=}";; esac; shift; done

.PHONY: all install build figures manuscript report quick test bench clean

all: figures

node_modules/.package-lock.json: package.json package-lock.json
	npm ci

install: node_modules/.package-lock.json

build: install
	npm run build --silent

# Every implemented figure at paper scale into figures/ (or the --out of ARGS), then the report there (REPORT.md, report.html).
# A failed claim does not stop the report: it is listed first in it, and make still fails after.
figures: build
	$(LRNN) repro all $(ARGS); status=$$?; $(OUT_OF_ARGS); $(LRNN) report --out "$$out"; exit $$status

# Every implemented figure as a vector PDF for a manuscript: single-column width, print theme, into
# figures/print/. Figures compute at paper scale; pass e.g. ARGS=--quick for a fast draft.
manuscript: build
	$(LRNN) repro all --format pdf --width column --theme print --out figures/print $(ARGS)

report: build
	$(OUT_OF_ARGS); $(LRNN) report --out "$$out"

# Every implemented figure at quick scale, compared with the snapshots.
quick: build
	$(LRNN) repro all --quick --check $(ARGS)

test: install
	npm test

bench: install
	npm run --silent bench

# One target per figure: `make fig2`, `make fig4 ARGS="--quick --set Ts=3,8"`. The figures are not listed
# here: any fig<x> goes to `lrnn repro`, which knows them (and names the closest to a typo). `figures`
# above is an explicit rule, so it wins over this pattern; the phony `build` keeps fig<x> always remade.
fig%: build
	$(LRNN) repro $@ $(ARGS)

clean:
	rm -rf dist figures
