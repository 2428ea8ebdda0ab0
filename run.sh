#!/usr/bin/env bash
# Set up .venv/ (created or reused) and run the app or the tests.
#   ./run.sh app    build the knowledge base from knowledge/ when needed, then start the assistant
#   ./run.sh test   run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

export ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1

setup_venv() {
    [ -x .venv/bin/python ] || python3 -m venv .venv
    # Reinstall only when the project's dependencies changed since the last install.
    local stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
    if [ ! -f "$stamp" ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -e '.[test]'
        rm -f .venv/.installed-* && touch "$stamp"
    fi
}

case "${1:-}" in
    app)
        setup_venv
        .venv/bin/python ui.py
        ;;
    test)
        setup_venv
        # The browser tests drive Debian's chromium; never `playwright install` (it downloads its own build).
        # CJK fonts so that the screenshots the tests save are legible.
        if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
        fi
        # The PostgreSQL tests start their own throw-away server from Debian's package (tests/pg_server.py).
        if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        fi
        shift
        .venv/bin/python -m pytest "$@"
        ;;
    *)
        echo "usage: ./run.sh app | ./run.sh test" >&2
        exit 2
        ;;
esac
