# The two commands a newcomer needs (see README.md).
.PHONY: run test

## Set up what is missing, build, and serve on http://127.0.0.1:8080
run:
	scripts/run.sh

## Every check: fmt, clippy, Rust tests on SQLite and PostgreSQL, e2e in Chromium
test:
	scripts/test.sh
