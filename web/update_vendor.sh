#!/usr/bin/env bash
# Re-fetch the pinned front-end files the book uses: KaTeX, which renders the math when the
# book is built (web/katex/katex.min.js, run by web/render_math.mjs), and its stylesheet and
# fonts, which the pages serve themselves (web/static/_static/vendor/katex).
#
# The result is committed, so building the book needs neither npm nor the network. Run this
# (it needs npm) only to change a version: edit package.json, run it, commit the result.
# Nothing else is vendored: the widgets run on the book's own host (web/host.js) and
# mathnn.js, which the build copies from the repository (web/widget_host.py).
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --ignore-scripts >/dev/null
out=static/_static/vendor
rm -rf "$out"
mkdir -p "$out/katex/fonts" katex
kx=node_modules/katex/dist
cp "$kx/katex.min.js" katex/                  # build time only: not served
cp "$kx/katex.min.css" "$out/katex/"
cp "$kx"/fonts/*.woff2 "$out/katex/fonts/"   # every browser the book supports reads woff2

echo "package version licence (each package's own licence file travels with its files)" > "$out/VERSIONS"
for pkg in katex; do
  node -p "const p = require('./node_modules/$pkg/package.json'); [p.name, p.version, p.license].join(' ')" >> "$out/VERSIONS"
  for f in node_modules/$pkg/LICENSE*; do [ -e "$f" ] && cp "$f" "$out/LICENSE-$(basename "$pkg")"; done
done
echo "vendored into web/$out:"; cat "$out/VERSIONS"; du -sh "$out"
