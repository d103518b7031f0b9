#!/usr/bin/env bash
# Builds the Debian package from a clean checkout: the release binary, every
# bundled importer plugin (into /usr/lib/tenure/plugins), the man pages, the
# bash/zsh/fish completions, the desktop entry, the icons and the user guide.
# Leaves target/debian/tenure_VERSION-1_ARCH.deb. Installs cargo-deb from the
# crate registry when it is missing.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if ! cargo deb --version >/dev/null 2>&1; then
    echo "== installing cargo-deb (crate registry)"
    cargo install cargo-deb --locked --version '^3'
fi

build_release

echo "== cargo deb"
rm -f "$TARGET"/debian/tenure_*.deb
cargo deb -p tenure --no-build --locked
deb="$(ls "$TARGET"/debian/tenure_*.deb)"
echo "== built $deb ($(du -h "$deb" | cut -f1))"
