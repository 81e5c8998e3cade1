#!/usr/bin/env bash
# Builds the SPA into frontend/dist without trunk:
#   cargo (wasm32, release) -> wasm-bindgen --target web -> wasm-opt -Oz
#   -> content-hashed assets under frontend/dist/assets + no-cache pages:
#   index.html (the console bundle), account.html (a customer's account) and
#   portal.html (the portal's visitors); shared/src/bundles.rs.
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen-cli equal to the
# wasm-bindgen version in Cargo.lock, node/npm (for binaryen's wasm-opt).
# Debian's wasm-opt (binaryen 108) produces a wasm that fails in the browser,
# so only the pinned npm binaryen under tools/ is used.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
binaryen_version="132.0.0"
wasm_opt="$root/tools/node_modules/.bin/wasm-opt"
dist="$root/frontend/dist"

# wasm-bindgen-cli must match the wasm-bindgen crate exactly.
lock_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
bindgen="$(command -v wasm-bindgen || true)"
[ -n "$bindgen" ] || bindgen="$HOME/.cargo/bin/wasm-bindgen"
if [ ! -x "$bindgen" ]; then
  echo "wasm-bindgen not found: cargo install wasm-bindgen-cli --version $lock_version" >&2
  exit 1
fi
cli_version="$("$bindgen" --version | awk '{ print $2 }')"
if [ -n "$lock_version" ] && [ "$cli_version" != "$lock_version" ]; then
  echo "wasm-bindgen-cli is $cli_version but Cargo.lock has wasm-bindgen $lock_version:" >&2
  echo "  cargo install wasm-bindgen-cli --version $lock_version" >&2
  exit 1
fi

if [ ! -x "$wasm_opt" ]; then
  echo "Installing binaryen@$binaryen_version (wasm-opt) under tools/ ..."
  npm install --prefix "$root/tools" --save-exact --no-audit --no-fund "binaryen@$binaryen_version"
fi

# A dedicated `[profile.wasm-release]` (e.g. release + lto) is used when the
# workspace defines one; otherwise plain `release`.
profile="release"
if grep -q '^\[profile\.wasm-release\]' Cargo.toml; then
  profile="wasm-release"
fi
echo "Building ringledger-frontend's three bundles (wasm32, profile $profile) ..."
cargo build -p ringledger-frontend --bins --target wasm32-unknown-unknown --profile "$profile"

# Three bundles (issue 23, shared/src/bundles.rs): the console (every page,
# served as index.html), the account (a customer's account and the portal,
# account.html) and the portal (a seller's visitors, portal.html).
bundles="console:ringledger-frontend:index.html account:ringledger-account:account.html portal:ringledger-portal:portal.html"
raw_dir="$target_dir/wasm32-unknown-unknown/$profile"

# Nothing changed since the last build (same Wasm, page and styles): keep
# frontend/dist as it is, so a second `make run` starts in seconds.
stamp="$(cat "$raw_dir/ringledger-frontend.wasm" "$raw_dir/ringledger-account.wasm" "$raw_dir/ringledger-portal.wasm" \
  "$root/frontend/index.html" "$root/frontend/style.css" "$0" | sha256sum | cut -c1-64)"
if [ -f "$dist/.stamp" ] && [ "$(cat "$dist/.stamp")" = "$stamp" ] && [ -f "$dist/index.html" ]; then
  echo "frontend/dist is up to date"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
staging="$work/dist"
mkdir -p "$staging/assets"

hash_of() { sha256sum "$1" | cut -c1-16; }
css_name="style-$(hash_of "$root/frontend/style.css").css"
cp "$root/frontend/style.css" "$staging/assets/$css_name"
compress="$staging/assets/$css_name"

for bundle in $bundles; do
  IFS=: read -r name bin page <<<"$bundle"
  out="$work/$name"
  "$bindgen" --target web --no-typescript --out-name "$name" --out-dir "$out" "$raw_dir/$bin.wasm"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.opt.wasm"
  mv "$out/${name}_bg.opt.wasm" "$out/${name}_bg.wasm"
  wasm_name="$name-$(hash_of "$out/${name}_bg.wasm")_bg.wasm"
  # The JS glue refers to its wasm only through init({ module_or_path }),
  # which the boot script passes explicitly, so it is hashed as is.
  js_name="$name-$(hash_of "$out/$name.js").js"
  # The boot script (a file, not inline: the Content-Security-Policy forbids
  # inline scripts) starts the bundle with its hashed Wasm.
  printf "import init from '/assets/%s';\ninit({ module_or_path: '/assets/%s' });\n" \
    "$js_name" "$wasm_name" > "$out/boot.js"
  boot_name="boot-$name-$(hash_of "$out/boot.js").js"
  cp "$out/${name}_bg.wasm" "$staging/assets/$wasm_name"
  cp "$out/$name.js" "$staging/assets/$js_name"
  cp "$out/boot.js" "$staging/assets/$boot_name"
  sed -e "s|{{STYLE}}|/assets/$css_name|g" \
      -e "s|{{SCRIPT}}|/assets/$js_name|g" \
      -e "s|{{WASM}}|/assets/$wasm_name|g" \
      -e "s|{{BOOT}}|/assets/$boot_name|g" \
      "$root/frontend/index.html" > "$staging/$page"
  compress="$compress $staging/assets/$wasm_name $staging/assets/$js_name"
done

# Pre-compressed copies (brotli at its best quality, gzip -9) that the
# server sends with Content-Encoding to browsers that take them
# (backend/http/src/routes/spa_assets.rs); Node's zlib has both.
node -e '
const zlib = require("zlib"), fs = require("fs");
for (const f of process.argv.slice(1)) {
  const b = fs.readFileSync(f);
  fs.writeFileSync(f + ".br", zlib.brotliCompressSync(b, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }));
  fs.writeFileSync(f + ".gz", zlib.gzipSync(b, { level: 9 }));
}' $compress

rm -rf "$dist"
mkdir -p "$(dirname "$dist")"
cp -r "$staging" "$dist"
echo "$stamp" > "$dist/.stamp"

size() { stat -c %s "$1"; }
echo "Wrote $dist:"
ls -l "$dist" "$dist/assets" | sed 's/^/  /'
for f in $compress; do
  f="$dist/assets/$(basename "$f")"
  printf '%s: %d bytes raw, %d gzip, %d brotli\n' "$(basename "$f")" \
    "$(size "$f")" "$(size "$f.gz")" "$(size "$f.br")"
done
