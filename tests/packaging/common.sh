# shellcheck shell=bash
# Shared by the packaging checks: failures are counted, a missing tool fails under CI=true and skips
# (exit 77, ctest's SKIP_RETURN_CODE) elsewhere.

failures=0
fail() {
    printf 'FAIL: %s\n' "$*"
    failures=$((failures + 1))
}
ok() { printf 'ok: %s\n' "$*"; }

# need TOOL PACKAGE: the tool is on PATH, or the check cannot run.
need() {
    command -v "$1" >/dev/null && return 0
    if [ "${CI:-}" = "true" ]; then
        printf 'FAIL: %s is missing (Debian package %s; scripts/lib.sh installs it)\n' "$1" "$2"
        exit 1
    fi
    printf 'SKIP: %s is missing (Debian package %s)\n' "$1" "$2"
    exit 77
}

# png_size FILE: "WIDTHxHEIGHT" from the PNG header.
png_size() {
    local w h
    w=$(od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
    h=$(od -An -tu1 -j20 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
    echo "${w}x${h}"
}

finish() {
    if [ "$failures" -gt 0 ]; then
        printf '%d check(s) failed\n' "$failures"
        exit 1
    fi
    echo "all checks passed"
}
