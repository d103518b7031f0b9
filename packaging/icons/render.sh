#!/usr/bin/env bash
# Renders tenure.svg to the PNG sizes of the hicolor icon theme. The PNGs are
# committed (the package build needs no SVG renderer); run this after
# changing the SVG. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" tenure.svg -o "tenure-$size.png"
done
