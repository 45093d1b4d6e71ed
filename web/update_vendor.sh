#!/usr/bin/env bash
# Re-fetch the pinned front-end files the book serves itself, into web/static/_static/vendor/.
#
# The result is committed, so building the book needs neither npm nor the network. Run this
# (it needs npm) only to change a version: edit package.json, run it, commit the result.
# Only MathJax is vendored: the widgets run on the book's own host (web/host.js) and
# mathnn.js, which the build copies from the repository (web/widget_host.py).
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --ignore-scripts >/dev/null
out=static/_static/vendor
rm -rf "$out"
mkdir -p "$out/mathjax/output/chtml/fonts"

mj=node_modules/mathjax/es5
cp "$mj/tex-chtml.js" "$out/mathjax/"
cp -r "$mj/output/chtml/fonts/woff-v2" "$out/mathjax/output/chtml/fonts/"
mkdir -p "$out/mathjax/input/tex"
cp -r "$mj/input/tex/extensions" "$out/mathjax/input/tex/"   # TeX packages, loaded on demand
cp -r "$mj/ui" "$mj/a11y" "$mj/sre" "$out/mathjax/"   # menu and accessibility, on demand

echo "package version licence (each package's own licence file travels with its files)" > "$out/VERSIONS"
for pkg in mathjax; do
  node -p "const p = require('./node_modules/$pkg/package.json'); [p.name, p.version, p.license].join(' ')" >> "$out/VERSIONS"
  for f in node_modules/$pkg/LICENSE*; do [ -e "$f" ] && cp "$f" "$out/LICENSE-$(basename "$pkg")"; done
done
echo "vendored into web/$out:"; cat "$out/VERSIONS"; du -sh "$out"
