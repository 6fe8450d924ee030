# Shared by bin/oms-run and bin/oms-test: finds Odoo, builds the virtual environment, and finds or starts
# PostgreSQL. Sourced, not executed. Everything it creates lives under ignored folders of the repository
# (.venv, .oms), so running a command twice reuses what exists.

set -euo pipefail

OMS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
OMS_STATE=${OMS_STATE:-$OMS_ROOT/.oms}
OMS_VENV=${OMS_VENV:-$OMS_ROOT/.venv}
OMS_PYTHON=${OMS_PYTHON:-}
mkdir -p "$OMS_STATE"

say() { printf '\033[1m[oms]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[oms] %s\033[0m\n' "$*" >&2; exit 1; }

odoo_present() { [ -f "$ODOO_SRC/odoo-bin" ] && [ -d "$ODOO_SRC/odoo/addons/base" ]; }

# Where Odoo 18.0 Community comes from when ODOO_SRC has none: Odoo's public repository (a shallow clone of
# its 18.0 branch), or OMS_ODOO_GIT (a mirror, a local file:// copy).
OMS_ODOO_GIT=${OMS_ODOO_GIT:-https://github.com/odoo/odoo.git}
OMS_ODOO_BRANCH=${OMS_ODOO_BRANCH:-18.0}

# The release of the tree at $1, "major.minor", read from odoo/release.py as Odoo itself does.
odoo_release() {
    python3 - "$1/odoo/release.py" <<'PY' 2>/dev/null
import sys
namespace = {}
exec(open(sys.argv[1]).read(), namespace)
print("%s.%s" % tuple(namespace["version_info"][:2]))
PY
}

odoo_steps() {
    printf 'Get Odoo 18.0 Community, then run this command again:\n  git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git %s\n(or unpack https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz there, or point ODOO_SRC at an Odoo 18.0 tree, or OMS_ODOO_GIT at a mirror).' "$ODOO_SRC"
}

# Fetch Odoo into ODOO_SRC (an empty or absent folder) and check it is release 18.0; a partial or wrong
# tree is removed, so the next run starts clean.
fetch_odoo() {
    command -v git >/dev/null || die "No Odoo 18 source at $ODOO_SRC and no git to fetch it. $(odoo_steps)"
    if [ -e "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
        die "$ODOO_SRC exists but holds no Odoo source (no odoo-bin). Empty it or point ODOO_SRC elsewhere. $(odoo_steps)"
    fi
    say "No Odoo at $ODOO_SRC: fetching Odoo $OMS_ODOO_BRANCH from $OMS_ODOO_GIT (a shallow clone)"
    mkdir -p "$(dirname "$ODOO_SRC")" 2>/dev/null || die "Cannot create $(dirname "$ODOO_SRC"). $(odoo_steps)"
    if ! git clone --quiet --depth 1 --branch "$OMS_ODOO_BRANCH" "$OMS_ODOO_GIT" "$ODOO_SRC"; then
        rm -rf "$ODOO_SRC"
        die "Could not fetch Odoo from $OMS_ODOO_GIT (offline?). $(odoo_steps)"
    fi
    local release
    release=$(odoo_release "$ODOO_SRC")
    if [ "$release" != "18.0" ] || ! odoo_present; then
        rm -rf "$ODOO_SRC"
        die "$OMS_ODOO_GIT branch $OMS_ODOO_BRANCH is not Odoo 18.0 (release '${release:-unknown}'). $(odoo_steps)"
    fi
    say "Odoo $release is at $ODOO_SRC"
}

require_odoo() {
    odoo_present || fetch_odoo
    local release
    release=$(odoo_release "$ODOO_SRC")
    [ "$release" = "18.0" ] || die "$ODOO_SRC holds Odoo ${release:-of an unknown release}, not 18.0. $(odoo_steps)"
}

pick_python() {
    if [ -n "$OMS_PYTHON" ]; then echo "$OMS_PYTHON"; return; fi
    for candidate in python3.12 python3.11 python3.10 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' 2>/dev/null; then
            command -v "$candidate"; return
        fi
    done
    die "Python 3.10, 3.11 or 3.12 is needed (Odoo 18 supports those)."
}

# Reinstall only when a requirement list changed: a stamp holds the hash of everything installed.
ensure_venv() {
    local with_odoo=$1 stamp_source stamp
    stamp_source=$(cat "$OMS_ROOT/requirements.txt" "$OMS_ROOT/requirements-dev.txt" "$OMS_ROOT/bin/lib/odoo_requirements.py")
    if [ "$with_odoo" = yes ]; then stamp_source+=$(cat "$ODOO_SRC/requirements.txt" "$OMS_ROOT/requirements-oca.txt"); fi
    stamp=$(printf '%s' "$stamp_source" | sha256sum | cut -d' ' -f1)
    if [ -f "$OMS_VENV/.oms-stamp" ] && [ "$(cat "$OMS_VENV/.oms-stamp")" = "$stamp" ]; then return 0; fi
    if [ ! -x "$OMS_VENV/bin/python" ]; then
        say "Creating the virtual environment in $OMS_VENV"
        "$(pick_python)" -m venv "$OMS_VENV"
    fi
    say "Installing Python dependencies (Odoo's: $with_odoo)"
    "$OMS_VENV/bin/python" -m pip install -q --upgrade pip wheel packaging
    if [ "$with_odoo" = yes ]; then
        "$OMS_VENV/bin/python" "$OMS_ROOT/bin/lib/odoo_requirements.py" "$ODOO_SRC/requirements.txt" \
            > "$OMS_STATE/odoo-requirements.txt"
        "$OMS_VENV/bin/python" -m pip install -q -r "$OMS_STATE/odoo-requirements.txt"
        # OCA's add-ons need Odoo, which is the source tree: their own `odoo` requirement is not installed.
        "$OMS_VENV/bin/python" -m pip install -q --no-deps -r "$OMS_ROOT/requirements-oca.txt"
    fi
    "$OMS_VENV/bin/python" -m pip install -q -r "$OMS_ROOT/requirements.txt" -r "$OMS_ROOT/requirements-dev.txt"
    echo "$stamp" > "$OMS_VENV/.oms-stamp"
}

# PostgreSQL: the server at PGHOST/PGPORT when one answers; otherwise a private cluster under .oms/.
# Exports OMS_DB_ARGS, the connection options for Odoo's command line.
ensure_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}" ] && pg_isready -q -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" 2>/dev/null; then
        say "Using the PostgreSQL server at ${PGHOST:-localhost}:${PGPORT:-5432}"
        OMS_DB_ARGS=(--db_host "${PGHOST:-localhost}" --db_port "${PGPORT:-5432}")
        [ -n "${PGUSER:-}" ] && OMS_DB_ARGS+=(--db_user "$PGUSER")
        [ -n "${PGPASSWORD:-}" ] && OMS_DB_ARGS+=(--db_password "$PGPASSWORD")
        OMS_PSQL=(psql -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" -d postgres)
        return 0
    fi
    start_private_cluster
}

pg_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$found" ]; then
        say "PostgreSQL binaries are missing: installing Debian's postgresql package"
        command -v apt-get >/dev/null || die "Install PostgreSQL 12 or newer, or set PGHOST/PGPORT to a running server."
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$found"
}

start_private_cluster() {
    local bin data=$OMS_STATE/pgdata run=$OMS_STATE/pgrun port=${OMS_PGPORT:-5433} as=()
    bin=$(pg_bin)
    # PostgreSQL refuses to run as root; Debian's package provides the postgres system user for that.
    if [ "$(id -u)" = 0 ]; then
        as=(runuser -u postgres --)
        # A checkout in a private folder (mktemp -d is mode 700) is out of the postgres user's reach: the
        # cluster then lives in a folder of its own under /var/tmp, one per checkout.
        if ! runuser -u postgres -- test -x "$OMS_STATE"; then
            local own
            own=/var/tmp/oms-pg-$(printf '%s' "$OMS_ROOT" | md5sum | cut -c1-12)
            mkdir -p "$own"
            data=$own/pgdata run=$own/pgrun
        fi
    fi
    mkdir -p "$run"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "Creating a private PostgreSQL cluster in $data"
        mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown postgres: "$data" "$run"
        "${as[@]}" "$bin/initdb" -D "$data" -U oms --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    [ "$(id -u)" = 0 ] && chown postgres: "$run"
    if ! "$bin/pg_isready" -q -h "$run" -p "$port"; then
        say "Starting the private PostgreSQL cluster (socket in $run, port $port, no TCP)"
        "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -o "-k $run -p $port -c listen_addresses=''" start >/dev/null \
            || die "PostgreSQL did not start; see $data/server.log"
    fi
    OMS_DB_ARGS=(--db_host "$run" --db_port "$port" --db_user oms)
    OMS_PSQL=(psql -h "$run" -p "$port" -U oms -d postgres)
    # For bench/cluster, which makes a streaming replica of this server.
    OMS_PG_BIN=$bin OMS_PG_DATA=$data OMS_PG_RUN=$run OMS_PG_PORT=$port OMS_PG_AS="${as[*]}"
}

# Programs Odoo needs beside PostgreSQL: wkhtmltopdf prints every PDF (challans, invoices, the attachments of
# customer mails) and Chromium runs the browser tours. Debian/Ubuntu packages, installed like PostgreSQL's.
ensure_system_tools() {
    local packages=()
    command -v wkhtmltopdf >/dev/null || packages+=(wkhtmltopdf)
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
        || packages+=(chromium)
    install_debian_packages "PDF printing and browser tests" "${packages[@]}"
}

# The reverse proxy of bench/cluster, as in front of a production Odoo on several servers.
ensure_nginx() {
    command -v nginx >/dev/null || install_debian_packages "the cluster's reverse proxy" nginx
}

install_debian_packages() {
    local purpose=$1 run_as=() packages
    shift
    packages=("$@")
    [ ${#packages[@]} = 0 ] && return 0
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then run_as=(sudo -n); fi
    if command -v apt-get >/dev/null && { [ "$(id -u)" = 0 ] || [ ${#run_as[@]} != 0 ]; }; then
        say "Installing ${packages[*]} (Debian packages: $purpose)"
        "${run_as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        "${run_as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null \
            || die "Could not install ${packages[*]}: run  sudo apt-get install -y ${packages[*]}  and try again."
    else
        die "Missing ${packages[*]}: install them (Debian/Ubuntu: sudo apt-get install -y ${packages[*]}), then run this command again."
    fi
}

odoo() { (cd "$OMS_ROOT" && "$OMS_VENV/bin/python" -m odoo -c "$OMS_ROOT/odoo.conf" "${OMS_DB_ARGS[@]}" "$@"); }

# A database kept from an earlier benchmark or load run is brought up to the add-ons' current code first
# (new fields, migrations), once per change of that code: the run then measures what the repository holds.
update_to_current_addons() {
    local database=$1 modules=$2 source_hash measured
    source_hash=$(cd "$OMS_ROOT" && find addons -type f \( -name '*.py' -o -name '*.xml' -o -name '*.csv' \) -print0 \
        | sort -z | xargs -0 md5sum | md5sum | cut -c1-12)
    measured=$("${OMS_PSQL[@]}" -d "$database" -tAc "SELECT value FROM ir_config_parameter WHERE key = 'oms_bench.source_hash'")
    if [ "$measured" != "$source_hash" ]; then
        say "Updating $database to the current add-ons"
        odoo -d "$database" -u "$modules" --stop-after-init --log-level=warn
        "${OMS_PSQL[@]}" -d "$database" -qc "DELETE FROM ir_config_parameter WHERE key = 'oms_bench.source_hash'" \
            -c "INSERT INTO ir_config_parameter (key, value) VALUES ('oms_bench.source_hash', '$source_hash')"
    fi
}

# Odoo expects the server process in UTC (odoo-bin sets it; python -m odoo does not).
export TZ=UTC
export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
OMS_MODULES=oms_outbox,oms_handover,oms_dispatch,oms_gst_india,oms_gst_returns,oms_tally_bridge,oms_dispatch_mrp,oms_tally_stock,oms_tally_gst,oms_tally_purchase,oms_order_type
