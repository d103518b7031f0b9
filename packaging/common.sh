# Shared by build-deb.sh and build-tarball.sh (sourced, not run): builds the
# release binary, every bundled plugin and the generated files.
# Sets: ROOT, TARGET (the cargo target folder), RELEASE, VERSION, PLUGIN_LIBS.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
RELEASE="$TARGET/release"

# Every crate under plugins/ is a bundled plugin (the app depends on each).
plugin_packages() {
    local f
    for f in plugins/*/Cargo.toml; do
        sed -n 's/^name = "\(.*\)"/\1/p' "$f" | head -n 1
    done
}

build_release() {
    local args=(-p tenure) p
    for p in $(plugin_packages); do
        args+=(-p "$p")
    done
    echo "== cargo build --release --locked ${args[*]}"
    cargo build --release --locked "${args[@]}"

    PLUGIN_LIBS=()
    for p in $(plugin_packages); do
        local lib="$RELEASE/lib${p//-/_}.so"
        if [ ! -f "$lib" ]; then
            echo "error: the plugin library $lib was not built" >&2
            exit 1
        fi
        PLUGIN_LIBS+=("$lib")
    done
    echo "== ${#PLUGIN_LIBS[@]} plugin libraries"

    VERSION="$("$RELEASE/tenure" --version | awk '{print $2}')"
    echo "== tenure $VERSION: man pages and completions"
    rm -rf "$RELEASE/packaging"
    "$RELEASE/tenure" package-files "$RELEASE/packaging" >/dev/null
    gzip -9n "$RELEASE"/packaging/man/*.1

    # The guide's built pages are committed; refuse to ship stale ones.
    if command -v python3 >/dev/null 2>&1; then
        python3 docs/guide/make.py --check
    else
        echo "warning: python3 not found: docs/guide was not checked for staleness" >&2
    fi
}
