#!/usr/bin/env bash
# Installs and runs throw-away Synapse homeservers for tests.
#
#   synapse.sh install                                  installs Synapse into a venv (instant when already done)
#   synapse.sh init NAME [--registration FILE]...       (re)creates instance NAME: new port, keys, empty database
#   synapse.sh start NAME                               starts it in the background, waits until it answers
#   synapse.sh stop NAME                                SIGTERM, SIGKILL after 15 s, waits for the exit
#   synapse.sh status NAME                              exit 0 if running
#
# An instance keeps its port and data across stop and start, so tests can simulate an outage. Its directory is
# $MXB_BUILD_DIR/synapse/instances/NAME, with homeserver.log (Synapse's log) and console.log (its stdout/stderr).
# On success init and start print key=value lines (dir, url, port, log, server_name, shared_secret (registration),
# login_shared_secret (the shared-secret-authenticator login module), pid) on stdout;
# everything for people goes to stderr.
#
# MXB_PYTHON: the Python (3.10+) to build the venv with, default python3.
# MXB_SYNAPSE_START_TIMEOUT: seconds to wait for the client API, default 90.

source "$(dirname "${BASH_SOURCE[0]}")/testkit-lib.sh"

SYNAPSE_VERSION=1.163.2
# The login module that double puppeting by shared secret (mautrix's "double_puppet: secrets") relies on.
SHARED_SECRET_AUTH_VERSION=2.0.1
SYNAPSE_HOME="$MXB_BUILD_DIR/synapse"
VENV="$SYNAPSE_HOME/venv"
MARKER="$VENV/.installed-matrix-synapse-$SYNAPSE_VERSION-ssa-$SHARED_SECRET_AUTH_VERSION"

install_locked() {
  [ -f "$MARKER" ] && return 0
  local python=${MXB_PYTHON:-python3} started=$SECONDS
  command -v "$python" >/dev/null || die "$python not found; install Python 3.10+ or set MXB_PYTHON"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    die "$python is $("$python" --version 2>&1); Synapse $SYNAPSE_VERSION needs Python 3.10+ (set MXB_PYTHON)"
  if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    [ "$(id -u)" = 0 ] || die "$python has no venv module; install python3-venv"
    note "installing python3-venv"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2
  fi
  note "installing matrix-synapse $SYNAPSE_VERSION into $VENV (first run only, about half a minute)"
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
  "$VENV/bin/pip" install --disable-pip-version-check -q "matrix-synapse==$SYNAPSE_VERSION" \
    "shared-secret-authenticator==$SHARED_SECRET_AUTH_VERSION" >&2 ||
    die "pip could not install matrix-synapse==$SYNAPSE_VERSION and shared-secret-authenticator"
  touch "$MARKER"
  note "installed Synapse $SYNAPSE_VERSION in $((SECONDS - started)) s"
}

cmd_install() { [ -f "$MARKER" ] || with_lock "$SYNAPSE_HOME/install.lock" install_locked; }

instance_dir() { instance_dir_in "$SYNAPSE_HOME/instances" "${1:-}"; }

# The pid of the instance's Synapse if it runs; checks the command line so a recycled pid is not mistaken for it.
running_pid() { pid_if_running "$1/synapse.pid" "$1/homeserver.yaml"; }

print_info() {
  local dir=$1 port
  port=$(cat "$dir/port")
  echo "dir=$dir"
  echo "url=http://127.0.0.1:$port"
  echo "port=$port"
  echo "log=$dir/homeserver.log"
  echo "server_name=localhost"
  echo "shared_secret=$(cat "$dir/shared_secret")"
  echo "login_shared_secret=$(cat "$dir/login_shared_secret")"
}

cmd_init() {
  local name=${1:-} dir registrations=()
  dir=$(instance_dir "$name"); shift
  while [ $# -gt 0 ]; do
    case $1 in
      --registration)
        [ $# -ge 2 ] || die "--registration needs a file"
        [ -f "$2" ] || die "registration file $2 does not exist"
        registrations+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  cmd_install
  local pid
  if pid=$(running_pid "$dir"); then note "stopping the running instance $name first"; stop_pid "$pid" 15; fi
  rm -rf "$dir"
  mkdir -p "$dir/media_store"

  local port secrets
  port=$(free_port)
  echo "$port" >"$dir/port"
  # One Python call for all secrets and the signing key: each interpreter start costs a noticeable fraction of a second.
  secrets=$("$VENV/bin/python" - "$dir/localhost.signing.key" <<'EOF'
import secrets, sys
from signedjson.key import generate_signing_key, write_signing_keys
with open(sys.argv[1], "w") as f:
    write_signing_keys(f, [generate_signing_key("a_" + secrets.token_hex(2))])
print(" ".join(secrets.token_hex(32) for _ in range(4)))
EOF
)
  read -r shared_secret macaroon_secret form_secret login_secret <<<"$secrets"
  echo "$shared_secret" >"$dir/shared_secret"
  echo "$login_secret" >"$dir/login_shared_secret"

  local appservices="[]"
  if [ ${#registrations[@]} -gt 0 ]; then
    appservices=""
    for r in "${registrations[@]}"; do appservices+=$'\n'"  - $(yaml_string "$r")"; done
  fi

  cat >"$dir/log.config" <<EOF
version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'
handlers:
  file:
    # Unbuffered and never rotated: the log is read while Synapse runs and kept after the test.
    class: logging.FileHandler
    formatter: precise
    filename: $(yaml_string "$dir/homeserver.log")
    encoding: utf8
loggers:
  synapse.storage.SQL:
    level: INFO
root:
  level: INFO
  handlers: [file]
disable_existing_loggers: false
EOF

  cat >"$dir/homeserver.yaml" <<EOF
# Generated by synapse.sh for tests: localhost only, SQLite, no federation, no rate limits.
server_name: localhost
public_baseurl: http://127.0.0.1:$port/
listeners:
  - port: $port
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client, openid]   # openid: the userinfo endpoint that checks OpenID tokens (provisioning)
        compress: false
database:
  name: sqlite3
  args:
    database: $(yaml_string "$dir/homeserver.db")
log_config: $(yaml_string "$dir/log.config")
media_store_path: $(yaml_string "$dir/media_store")
signing_key_path: $(yaml_string "$dir/localhost.signing.key")
registration_shared_secret: "$shared_secret"
macaroon_secret_key: "$macaroon_secret"
form_secret: "$form_secret"
report_stats: false
enable_metrics: false
enable_registration: false
enable_authenticated_media: true
trusted_key_servers: []
suppress_key_server_warning: true
# Bridges publish portal rooms to the directory; the default rules allow nobody to.
room_list_publication_rules:
  - action: allow
alias_creation_rules:
  - action: allow
app_service_config_files: $appservices
# Logins by HMAC-SHA512(login_shared_secret, user id), as bridges do for double puppeting.
modules:
  - module: shared_secret_authenticator.SharedSecretAuthProvider
    config:
      shared_secret: "$login_secret"

# Rate limits off: tests and bridges send bursts that a production server would throttle.
rc_message: &unlimited {per_second: 100000, burst_count: 100000}
rc_registration: *unlimited
rc_registration_token_validity: *unlimited
rc_login:
  address: *unlimited
  account: *unlimited
  failed_attempts: *unlimited
rc_admin_redaction: *unlimited
rc_joins:
  local: *unlimited
  remote: *unlimited
rc_joins_per_room: *unlimited
rc_3pid_validation: *unlimited
rc_invites:
  per_room: *unlimited
  per_user: *unlimited
  per_issuer: *unlimited
rc_third_party_invite: *unlimited
rc_media_create: *unlimited
rc_presence:
  per_user: *unlimited
rc_delayed_event_mgmt: *unlimited
rc_room_creation: *unlimited
rc_reports: *unlimited
rc_user_directory: *unlimited
rc_profile: *unlimited
rc_key_requests: *unlimited
rc_federation:
  window_size: 1000
  sleep_limit: 100000
  sleep_delay: 0
  reject_limit: 100000
  concurrent: 1000
federation_rr_transactions_per_room_per_second: 100000
EOF
  note "initialised Synapse instance $name on port $port"
  print_info "$dir"
}


cmd_start() {
  local name=${1:-} dir pid port started=$SECONDS
  dir=$(instance_dir "$name")
  [ -f "$dir/homeserver.yaml" ] || die "Synapse instance $name does not exist; run: synapse.sh init $name"
  [ -f "$MARKER" ] || die "Synapse is not installed; run: synapse.sh install"
  if pid=$(running_pid "$dir"); then
    note "Synapse instance $name already runs (pid $pid)"
  else
    port=$(cat "$dir/port")
    port_is_free "$port" || die "port $port of Synapse instance $name is taken by another process"
    # Not detached from the caller's process group, so Ctrl-C on the build stops Synapse as well.
    (cd "$dir" && exec "$VENV/bin/python" -m synapse.app.homeserver -c "$dir/homeserver.yaml" \
      >>"$dir/console.log" 2>&1 </dev/null) &
    pid=$!
    echo "$pid" >"$dir/synapse.pid"
    await_homeserver Synapse "$name" "$dir" "$port" "$pid" "${MXB_SYNAPSE_START_TIMEOUT:-90}" "$started" "$dir/homeserver.log"
  fi
  print_info "$dir"
  echo "pid=$pid"
}

cmd_stop() { instance_stop "${1:-}" 15 Synapse synapse.pid; }

cmd_status() { instance_status "${1:-}"; }

command=${1:-}
shift || true
case $command in
  install) cmd_install ;;
  init) cmd_init "$@" ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  *) die "usage: synapse.sh install | init NAME [--registration FILE]... | start NAME | stop NAME | status NAME" ;;
esac
