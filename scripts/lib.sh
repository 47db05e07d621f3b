# shellcheck shell=bash
# Shared by scripts/test, scripts/run and scripts/package: Debian packages, configure, build.
# Source it; it defines functions and variables and runs nothing by itself.
#
# Environment:
#   GRUMBLE_BUILD_DIR           build directory (default: <repo>/build; relative paths are taken from the
#                               repo root)
#   GRUMBLE_SANITIZE_BUILD_DIR  scripts/test's sanitizer build (default: <GRUMBLE_BUILD_DIR>-sanitize)
#   CMAKE_ARGS                  extra arguments for the cmake configure step of GRUMBLE_BUILD_DIR, split
#                               on spaces

GRUMBLE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GRUMBLE_BUILD_DIR="${GRUMBLE_BUILD_DIR:-build}"
case "$GRUMBLE_BUILD_DIR" in
    /*) ;;
    *) GRUMBLE_BUILD_DIR="$GRUMBLE_ROOT/$GRUMBLE_BUILD_DIR" ;;
esac
GRUMBLE_SANITIZE_BUILD_DIR="${GRUMBLE_SANITIZE_BUILD_DIR:-$GRUMBLE_BUILD_DIR-sanitize}"
case "$GRUMBLE_SANITIZE_BUILD_DIR" in
    /*) ;;
    *) GRUMBLE_SANITIZE_BUILD_DIR="$GRUMBLE_ROOT/$GRUMBLE_SANITIZE_BUILD_DIR" ;;
esac

GRUMBLE_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libgl-dev
    libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev libpq-dev
    postgresql xvfb xauth sqlite3
    wamerican  # tests/tst_inflection: a dictionary to compare Sequelize's naming word by word
)

# scripts/test's sanitizer build (clang with AddressSanitizer, UBSan and libFuzzer, which Debian 12
# ships in libclang-rt-14-dev, only recommended by clang) and its packaging checks (the validators,
# groff for the man page, dpkg-shlibdeps for the package's dependencies).
GRUMBLE_TEST_PACKAGES=(
    clang libclang-rt-14-dev
    desktop-file-utils appstream groff-base dpkg-dev
)

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "need root (or sudo) to run: $*"
    fi
}

# Installs those of the given Debian packages that are missing; does nothing (not even apt-get
# update) when none is. $1 names the set in the messages.
grumble_apt_install() {
    local what="$1" pkg missing=()
    shift
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        say "$what: all $# installed"
        return 0
    fi
    say "$what: installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Installs the Debian packages that are missing; does nothing (not even apt-get update) when none is.
# Extra package names may be given (scripts/test adds GRUMBLE_TEST_PACKAGES).
grumble_install_packages() {
    grumble_apt_install packages "${GRUMBLE_PACKAGES[@]}" "$@"
}

# Node and npm for the Sequelize fixtures (tests/sequelize), and what node-gyp needs to compile
# sqlite3's native module: Debian's nodejs and npm, only when `node` or `npm` is missing (a node from
# elsewhere is kept). node-gyp finds the headers through npm_config_nodedir (/usr/include/node,
# Debian's libnode-dev when missing). Returns 1 when node or npm is still missing.
grumble_install_node() {
    local need=()
    command -v node >/dev/null || need+=(nodejs)
    command -v npm >/dev/null || need+=(npm)
    command -v python3 >/dev/null || need+=(python3)
    command -v make >/dev/null || need+=(make)
    command -v g++ >/dev/null || need+=(g++)
    # Headers for Debian's node (another node's headers are node-gyp's business).
    if [ ! -f /usr/include/node/node_version.h ] &&
        { [[ " ${need[*]} " == *" nodejs "* ]] || dpkg-query -W -f='${Version}' nodejs 2>/dev/null | grep -q deb; }; then
        need+=(libnode-dev)
    fi
    if [ "${#need[@]}" -gt 0 ]; then
        grumble_apt_install node "${need[@]}" || warn "could not install ${need[*]}"
    fi
    if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node_version.h ]; then
        export npm_config_nodedir=/usr
    fi
    command -v node >/dev/null && command -v npm >/dev/null
}

# Configures GRUMBLE_BUILD_DIR; arguments are added to cmake's, CMAKE_ARGS come last, so they win.
grumble_configure() {
    local args=(-S "$GRUMBLE_ROOT" -B "$GRUMBLE_BUILD_DIR" "$@")
    local extra=()
    read -ra extra <<<"${CMAKE_ARGS:-}"
    # A new build dir gets Ninja and Release (a fifth faster to compile than RelWithDebInfo's -g;
    # the sanitizer tree keeps line tables for its reports); an existing one (e.g. made by
    # `cmake --preset dev`) keeps its generator and build type.
    [ -f "$GRUMBLE_BUILD_DIR/CMakeCache.txt" ] || args+=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
    # ccache (when a launcher is configured) can serve files built with precompiled headers.
    export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
    say "configure: $GRUMBLE_BUILD_DIR"
    cmake "${args[@]}" "${extra[@]}" || die "cmake configure failed"
}

# Builds a configured GRUMBLE_BUILD_DIR.
grumble_compile() {
    say "build"
    cmake --build "$GRUMBLE_BUILD_DIR" || die "build failed"
}

# Configures and builds GRUMBLE_BUILD_DIR.
grumble_build() {
    grumble_configure
    grumble_compile
}
