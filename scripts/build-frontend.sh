#!/usr/bin/env bash
# Builds the SPA into frontend/dist without trunk:
#   cargo (wasm32, release, relocations kept) -> wasm-split-cli (cuts each
#   bundle at its lazy pages, frontend/src/lazy_pages.rs) -> wasm-bindgen
#   --target web -> esbuild --minify on the JS -> wasm-opt -Oz on the main
#   module and each chunk -> one content-hashed folder per bundle under frontend/dist/assets
#   (its JS glue, main Wasm, chunks and chunk loader) + no-cache pages:
#   index.html (the console bundle), account.html (a customer's account) and
#   portal.html (the portal's visitors); shared/src/bundles.rs.
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen-cli equal to the
# wasm-bindgen version in Cargo.lock, wasm-split-cli (scripts/setup.sh installs
# both), node/npm (for binaryen's wasm-opt and esbuild, under tools/).
# Debian's wasm-opt (binaryen 108) produces a wasm that fails in the browser,
# so only the pinned npm binaryen under tools/ is used.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
binaryen_version="132.0.0"
wasm_opt="$root/tools/node_modules/.bin/wasm-opt"
esbuild="$root/tools/node_modules/.bin/esbuild"
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

wasm_split="$(command -v wasm-split-cli || true)"
[ -n "$wasm_split" ] || wasm_split="$HOME/.cargo/bin/wasm-split-cli"
if [ ! -x "$wasm_split" ]; then
  echo "wasm-split-cli not found: scripts/setup.sh installs it" >&2
  exit 1
fi

if [ ! -x "$wasm_opt" ] || [ ! -x "$esbuild" ]; then
  echo "Installing the build tools under tools/ (wasm-opt from binaryen@$binaryen_version, esbuild) ..."
  (cd "$root/tools" && npm ci --no-audit --no-fund)
fi

# A dedicated `[profile.wasm-release]` (e.g. release + lto) is used when the
# workspace defines one; otherwise plain `release`.
profile="release"
if grep -q '^\[profile\.wasm-release\]' Cargo.toml; then
  profile="wasm-release"
fi
echo "Building ringledger-frontend's three bundles (wasm32, profile $profile) ..."
# The panic messages' source paths name each crate from the registry's
# folder ($CARGO_HOME/registry/src/index.crates.io-…/), a hundred times in
# the portal's main module: shortened to `crates/` (about 200 bytes of its
# brotli, issue 23). Given with --config, so the flags stay the same from
# one build to the next and the compiled crates are kept.
remaps=""
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  [ -d "$dir" ] && remaps="$remaps'--remap-path-prefix=$dir=crates/',"
done
# The link keeps its relocations: wasm-split-cli reads them to know which
# code each lazy page needs (only the link step changes; the crates are
# compiled once for the three).
for bin in ringledger-frontend ringledger-account ringledger-portal; do
  cargo rustc -p ringledger-frontend --bin "$bin" --target wasm32-unknown-unknown \
    --config "target.wasm32-unknown-unknown.rustflags=[${remaps%,}]" \
    --profile "$profile" -- -C link-args=--emit-relocs
done

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

# The producers and target-features sections are for tools, not browsers:
# left out (about 90 bytes of each main module's brotli).
wasm_opt_flags="-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue
  --strip-producers --strip-target-features"
for bundle in $bundles; do
  IFS=: read -r name bin page <<<"$bundle"
  out="$work/$name"
  mkdir -p "$out/split" "$out/pkg"
  # Cut at the lazy pages: the main module ($name.wasm, for wasm-bindgen),
  # one Wasm chunk per page and per group of shared code, and the loader
  # (__wasm_split.js) that fetches a page's chunks next to itself.
  "$wasm_split" "$raw_dir/$bin.wasm" "$out/split" --target web --out-name "$name"
  "$bindgen" --target web --no-typescript --keep-lld-exports --no-demangle \
    --out-name "$name" --out-dir "$out/pkg" "$out/split/$name.wasm"
  rm "$out/split/$name.wasm"
  mv "$out/split"/* "$out/pkg/"
  # The JS glue and the chunk loader, minified (esbuild keeps their
  # exports and the Wasm's import names, which are strings).
  for js in "$out/pkg"/*.js; do
    "$esbuild" "$js" --minify --format=esm --log-level=error --outfile="$js.min"
    mv "$js.min" "$js"
  done
  # Each module on its own (they link by name, not by index), on every core.
  # shellcheck disable=SC2016
  printf '%s\0' "$out/pkg"/*.wasm | xargs -0 -P "$(nproc)" -I{} sh -c \
    '"$1" $2 "$3" -o "$3.opt" && mv "$3.opt" "$3"' _ "$wasm_opt" "$wasm_opt_flags" {}
  # The files refer to each other by relative names: the folder is hashed
  # as a whole, so a changed chunk never meets a cached loader.
  folder="$name-$( (cd "$out/pkg" && find . -type f | LC_ALL=C sort | xargs cat) | sha256sum | cut -c1-16)"
  cp -r "$out/pkg" "$staging/assets/$folder"
  # The boot script (a file, not inline: the Content-Security-Policy forbids
  # inline scripts) starts the bundle with its Wasm.
  printf "import init from '/assets/%s/%s.js';\ninit({ module_or_path: '/assets/%s/%s_bg.wasm' });\n" \
    "$folder" "$name" "$folder" "$name" > "$out/boot.js"
  boot_name="boot-$name-$(hash_of "$out/boot.js").js"
  cp "$out/boot.js" "$staging/assets/$boot_name"
  sed -e "s|{{STYLE}}|/assets/$css_name|g" \
      -e "s|{{SCRIPT}}|/assets/$folder/$name.js|g" \
      -e "s|{{WASM}}|/assets/$folder/${name}_bg.wasm|g" \
      -e "s|{{BOOT}}|/assets/$boot_name|g" \
      "$root/frontend/index.html" > "$staging/$page"
  compress="$compress $(find "$staging/assets/$folder" -type f -name '*.wasm' -o -type f -name '*.js' | LC_ALL=C sort | tr '\n' ' ')"
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
  f="$dist/${f#"$staging"/}"
  printf '%s: %d bytes raw, %d gzip, %d brotli\n' "${f#"$dist"/assets/}" \
    "$(size "$f")" "$(size "$f.gz")" "$(size "$f.br")"
done
