#!/usr/bin/env bash
# Builds target/dist/tenure-VERSION-ARCH-linux.tar.gz with the same contents
# as the Debian package, laid out as a prefix (bin/, lib/, share/): unpack it
# into ~/.local or /opt and run bin/tenure. The binary finds its plugins in
# ../lib/tenure/plugins and the guide in ../share/doc/tenure/guide.
set -euo pipefail
source "$(dirname "$0")/common.sh"

build_release

arch="$(uname -m)"
name="tenure-$VERSION-$arch-linux"
stage="$TARGET/dist/$name"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib/tenure/plugins" "$stage/share/applications" \
    "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
    "$stage/share/zsh/site-functions" "$stage/share/fish/vendor_completions.d" \
    "$stage/share/doc/tenure/guide/en" "$stage/share/doc/tenure/guide/pt-BR" \
    "$stage/share/icons/hicolor/scalable/apps"

install -m 755 "$RELEASE/tenure" "$stage/bin/tenure"
install -m 644 "${PLUGIN_LIBS[@]}" "$stage/lib/tenure/plugins/"
# The same stripping cargo-deb does for the package.
strip --strip-unneeded "$stage/bin/tenure" "$stage"/lib/tenure/plugins/*.so
install -m 644 "$RELEASE"/packaging/man/*.1.gz "$stage/share/man/man1/"
install -m 644 "$RELEASE/packaging/completions/tenure.bash" "$stage/share/bash-completion/completions/tenure"
install -m 644 "$RELEASE/packaging/completions/_tenure" "$stage/share/zsh/site-functions/_tenure"
install -m 644 "$RELEASE/packaging/completions/tenure.fish" "$stage/share/fish/vendor_completions.d/tenure.fish"
install -m 644 packaging/tenure.desktop "$stage/share/applications/tenure.desktop"
install -m 644 packaging/icons/tenure.svg "$stage/share/icons/hicolor/scalable/apps/tenure.svg"
for size in 16 22 24 32 48 64 128 256; do
    mkdir -p "$stage/share/icons/hicolor/${size}x${size}/apps"
    install -m 644 "packaging/icons/tenure-$size.png" "$stage/share/icons/hicolor/${size}x${size}/apps/tenure.png"
done
install -m 644 docs/guide/style.css docs/guide/tenure.svg "$stage/share/doc/tenure/guide/"
install -m 644 docs/guide/en/*.html "$stage/share/doc/tenure/guide/en/"
install -m 644 docs/guide/pt-BR/*.html "$stage/share/doc/tenure/guide/pt-BR/"
install -m 644 README.md "$stage/share/doc/tenure/README.md"
cat > "$stage/share/doc/tenure/INSTALL.txt" <<TXT
Tenure $VERSION for Linux ($arch)

Unpack into a prefix, for example your home folder's ~/.local:

    tar -xzf $name.tar.gz -C ~/.local --strip-components=1

then run ~/.local/bin/tenure (or just tenure when ~/.local/bin is on your PATH).
The menu entry appears after logging in again (or run update-desktop-database
~/.local/share/applications). Or run bin/tenure from the unpacked folder
itself: it finds its plugins and guide there.

Your data is never inside this folder: it is in ~/.local/share/tenure/.
TXT

tarball="$TARGET/dist/$name.tar.gz"
tar -C "$TARGET/dist" --owner=0 --group=0 --sort=name -czf "$tarball" "$name"
echo "== built $tarball ($(du -h "$tarball" | cut -f1))"
