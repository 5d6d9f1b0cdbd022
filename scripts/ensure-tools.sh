#!/usr/bin/env bash
# Everything the tests and the embedded default need beyond node_modules, each
# step idempotent and reusing caches: the Temporal CLI (Go module proxy), the
# production twin's server binaries (Go module proxy) and PostgreSQL (Debian), the
# time-skipping test server (Maven Central), Debian's chromium for page tests, and
# LibreOffice + poppler to convert the .docx reports in tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
step() { printf '[ensure-tools] %s\n' "$*" >&2; }

step "Temporal CLI (dev server + Web UI)"
if [ -z "${TEMPORAL_CLI_PATH:-}" ] && ! command -v temporal >/dev/null; then
  bash "$root/scripts/ensure-temporal-cli.sh" >/dev/null
fi
step "Production twin: Temporal server, schema tool and UI server (Go module proxy)"
if [ -z "${TEMPORAL_SERVER_PATH:-}" ] || [ -z "${TEMPORAL_SQL_TOOL_PATH:-}" ] || [ -z "${TEMPORAL_UI_SERVER_PATH:-}" ] || [ -z "${TEMPORAL_SCHEMA_DIR:-}" ]; then
  bash "$root/scripts/ensure-temporal-server.sh" >/dev/null
fi
step "Production twin: PostgreSQL 15"
if [ -z "${POSTGRES_BIN_DIR:-}" ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian postgresql (apt-get)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  else
    step "PostgreSQL 15 is missing: install Debian's 'postgresql' package or set POSTGRES_BIN_DIR (twin tests will fail)"
  fi
fi
step "Temporal time-skipping test server"
[ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ] || bash "$root/scripts/ensure-test-server.sh" >/dev/null

step "Chromium for browser tests"
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian chromium (apt-get)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
  else
    step "chromium is missing: install Debian's 'chromium' package or set CHROMIUM_PATH (browser tests will fail)"
  fi
fi
step "LibreOffice (headless) and poppler for the report document tests"
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian libreoffice-writer-nogui and poppler-utils (apt-get)"
    apt-get update -qq >&2
    # fonts-liberation: metric-compatible stand-in for Times New Roman when converting.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation >&2
  else
    step "soffice/pdftotext missing: install Debian's 'libreoffice-writer-nogui' and 'poppler-utils' (report document tests will fail)"
  fi
fi
step "ready"
