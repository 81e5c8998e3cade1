#!/usr/bin/env bash
# Issue 23: what a visitor downloads and how soon a form can be used.
# Prints, for each built asset, its bytes raw, gzip and brotli; then, for
# each page kind (the portal's home in English and in Spanish, its sign-up,
# the console's sign-in, and its dashboard after signing in),
# the bytes Chromium actually transferred (compressed as served) and the
# time from navigation to an interactive form, median of 5 cold loads.
#
#   scripts/bench-spa.sh [path/to/ringledger]   (default target/release or debug)
#
# Needs the SPA built (scripts/build-frontend.sh) and the e2e packages
# (scripts/setup.sh test) for Chromium through playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-}"
for candidate in "$bin" "${CARGO_TARGET_DIR:-target}/release/ringledger" "${CARGO_TARGET_DIR:-target}/debug/ringledger"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] && { bin="$candidate"; break; }
done
[ -x "$bin" ] || { echo "no ringledger binary: cargo build -p ringledger" >&2; exit 1; }
[ -f frontend/dist/index.html ] || { echo "the SPA is not built: scripts/build-frontend.sh" >&2; exit 1; }

echo "== assets (frontend/dist/assets)"
row() { # name, raw, gzip, brotli
  printf '%-52s %9d raw %9d gzip %9d brotli\n' "$1" "$2" "$3" "$4"
}
sizes_of() { # files... -> "raw gzip brotli" summed
  local raw=0 gz=0 br=0 f
  for f in "$@"; do
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(stat -c %s "$f.gz" 2>/dev/null || echo 0)))
    br=$((br + $(stat -c %s "$f.br" 2>/dev/null || echo 0)))
  done
  echo "$raw $gz $br"
}
for f in frontend/dist/assets/*; do
  case "$f" in *.br|*.gz) continue ;; esac
  if [ -d "$f" ]; then
    # A bundle cut at its lazy pages: what its first load takes (JS glue,
    # main Wasm, chunk loader), then each chunk, then all of it.
    bundle="$(basename "$f" | sed 's/-[0-9a-f]*$//')"
    # shellcheck disable=SC2046
    row "$bundle: first load (glue, main Wasm, loader)" $(sizes_of "$f/$bundle.js" "$f/${bundle}_bg.wasm" "$f/__wasm_split.js")
    for chunk in "$f"/*.wasm; do
      [ "$chunk" = "$f/${bundle}_bg.wasm" ] && continue
      # shellcheck disable=SC2046
      row "  $(basename "$chunk")" $(sizes_of "$chunk")
    done
    # shellcheck disable=SC2046
    row "$bundle: every page" $(sizes_of $(find "$f" -type f \( -name '*.wasm' -o -name '*.js' \)))
  else
    # shellcheck disable=SC2046
    row "$(basename "$f")" $(sizes_of "$f")
  fi
done

port="${BENCH_SPA_PORT:-18490}"
data="$(mktemp -d)"
RINGLEDGER_STATIC_DIR="$PWD/frontend/dist" "$bin" serve --port "$port" --data-dir "$data" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

slug="bench$(date +%s)"
curl -sf -o /dev/null -H "Content-Type: application/json" \
  -d "{\"company_name\":\"Bench\",\"slug\":\"$slug\",\"email\":\"owner@$slug.test\",\"password\":\"bench password\"}" \
  "http://127.0.0.1:$port/api/v1/tenants"

echo "== page loads (Chromium, cold cache, median of 5)"
NODE_PATH="$PWD/e2e/node_modules" SITE="http://$slug.localhost:$port" EMAIL="owner@$slug.test" node -e '
const { chromium } = require("@playwright/test");
const pages = [
  ["portal home", "/", "a[href=\"/signup\"]"],
  // A Spanish browser: the same page, with the Spanish words fetched.
  ["portal home (es)", "/", "a[href=\"/signup\"]", null, "es-ES"],
  ["portal sign-up", "/signup", "form button[type=submit]"],
  ["console sign-in", "/login", "form button[type=submit]"],
  // Signs in on /login, then waits for the dashboard: every byte of both.
  ["console dashboard", "/login", "form button[type=submit]", async (page) => {
    await page.getByLabel("Email").fill(process.env.EMAIL);
    await page.getByLabel("Password").fill("bench password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/console$/);
    await page.locator("main h1").first().waitFor({ state: "visible" });
  }],
];
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium" });
  for (const [name, path, ready, then, locale] of pages) {
    const bytes = [], ms = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext(locale ? { locale } : {});
      const page = await context.newPage();
      const sizes = [];
      page.on("requestfinished", async (r) => {
        try { sizes.push((await r.sizes()).responseBodySize); } catch {}
      });
      const start = Date.now();
      await page.goto(process.env.SITE + path);
      await page.locator(ready).first().waitFor({ state: "visible" });
      if (then) await then(page);
      ms.push(Date.now() - start);
      await page.waitForLoadState("networkidle");
      bytes.push(sizes.reduce((a, b) => a + b, 0));
      await context.close();
    }
    console.log(`${name.padEnd(18)} ${String(median(bytes)).padStart(9)} bytes transferred  ${String(median(ms)).padStart(6)} ms to ${then ? "the page" : "an interactive form"}`);
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
'
