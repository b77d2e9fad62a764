#!/usr/bin/env bash
# Installs and runs throw-away IRC daemons (ngIRCd, InspIRCd 3 or ircd-hybrid 8, from Debian packages) for tests and
# benchmarks.
#
#   ircd.sh install [DAEMON]       installs the daemon's package unless it is installed (instant when it is)
#   ircd.sh init NAME [DAEMON] [link SERVER BRIDGE_PASSWORD IRCD_PASSWORD [SERVER_PORT [tls|plain]]]
#   ircd.sh init NAME ngircd peer HUB
#                                  (re)writes instance NAME's configuration with a new free port; stops it first if it
#                                  runs. DAEMON is ngircd (the default), inspircd or hybrid; the instance remembers
#                                  it. With link (ngIRCd: RFC 2813; hybrid: TS6), a [Server] or connect {} block lets
#                                  a server named SERVER link in from 127.0.0.1 on the client port (the IRC bridge's
#                                  link mode): it must send BRIDGE_PASSWORD, and is sent IRCD_PASSWORD; OPER oper oper
#                                  may SQUIT it. With SERVER_PORT (hybrid only), the connect {} block has that port,
#                                  and OPER oper oper then CONNECT SERVER makes hybrid link out to it (with TLS
#                                  after SERVER_PORT tls).
#                                  With peer (ngIRCd only), NAME is a second server of the network (a leaf, for
#                                  netsplit tests): its server name is NAME.peer.mxbridge.test (printed as
#                                  server_name), and its [Server] block makes it connect to the ngIRCd instance HUB
#                                  (init first), retrying every 5 s while the link is down (ConnectRetry; after a
#                                  SQUIT ngIRCd 26 links again within about 10 s). HUB's configuration gets the
#                                  matching passive [Server] block (replacing one an earlier init of NAME wrote; a new
#                                  init of HUB drops it) and OPER oper oper, and is reloaded (SIGHUP) if HUB runs. An
#                                  operator on either side may SQUIT the other to split the network; on the leaf,
#                                  DISCONNECT keeps the link down until CONNECT.
#   ircd.sh start NAME             starts it in the background (init first if it has no configuration), waits for
#                                  the port
#   ircd.sh stop NAME              SIGTERM, SIGKILL after 10 s, waits for the exit
#   ircd.sh status NAME            exit 0 if running
#
# An instance keeps its port across stop and start, so tests can simulate an outage. Its directory is
# $MXB_BUILD_DIR/ircd/NAME with the daemon's configuration, daemon, port, ircd.pid and console.log (both daemons log
# to the console in the foreground; InspIRCd also to ircd.log). On success init and start print key=value lines (dir,
# host, port, server_name, daemon, log, and pid for start) on stdout; everything for people goes to stderr.
#
# The server listens on 127.0.0.1 only, does no DNS or ident look-ups, and has its limits raised for tests and
# benchmarks: unlimited connections (also per IP) and joins, nicks up to 31 characters, and no flood throttling.
#  - ngIRCd: no PAM either; no penalty time (which in ngIRCd also means no command throttling). Clients appear as
#    nick!~user@127.0.0.1. It offers only the multi-prefix capability.
#  - InspIRCd 3: the IRCv3 modules the package ships are loaded: cap (CAP LS 302, cap-notify), ircv3 (away-notify,
#    account-notify, extended-join), server-time, message-tags, echo-message, msgid, account-tag, batch, chghost,
#    invite-notify, labeled-response, setname, multi-prefix (namesx) and userhost-in-names (uhnames). No SASL: InspIRCd
#    offers it only with a services server linked. InspIRCd refuses to run as root, so as root it runs as nobody.
#    Clients appear as nick!user@127.0.0.1 (no ident look-up, so no ~).
#  - ircd-hybrid 8 (TS6, SID 1HY): its package conflicts with ngIRCd's, so it is never installed: its .deb (and
#    libltdl7's) is fetched with apt-get download and unpacked with dpkg -x into $MXB_BUILD_DIR/ircd-hybrid. Hybrid
#    loads its core modules from the compiled-in /usr/lib/ircd-hybrid/modules only, so it runs in a mount namespace of
#    its own (unshare -m) where the unpacked modules are bind-mounted there (the empty mount point is made once); it
#    refuses root, so it runs as nobody. Needs root. Clients appear as nick!user@127.0.0.1. It also listens with TLS
#    on a second port (tls_port, printed by init and start) under a self-signed certificate (tls_certificate).
#
# MXB_IRCD_START_TIMEOUT: seconds to wait for the port, default 20.

source "$(dirname "${BASH_SOURCE[0]}")/testkit-lib.sh"

IRCD_HOME="$MXB_BUILD_DIR/ircd"
SERVER_NAME=irc.mxbridge.test

# The daemon's name, checked: ngircd or inspircd. Both are the name of their Debian package and of their binary.
daemon_name() {
  case ${1:-ngircd} in
    ngircd | inspircd | hybrid) echo "${1:-ngircd}" ;;
    *) die "unknown IRC daemon '$1': ngircd, inspircd or hybrid" ;;
  esac
}

install_locked() {
  local daemon=$1
  command -v "$daemon" >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "$daemon is not installed and installing needs root: apt-get install $daemon"
  note "installing $daemon from Debian packages (first run only)"
  # The package's own service stays down: policy-rc.d or the missing init system keeps it from starting, and this
  # script never uses it.
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$daemon" >&2 ||
    die "apt-get could not install $daemon"
  command -v "$daemon" >/dev/null || die "$daemon installed, but not on the PATH"
}

HYBRID_HOME="$MXB_BUILD_DIR/ircd-hybrid"
HYBRID_BIN="$HYBRID_HOME/usr/sbin/ircd-hybrid"
HYBRID_MODULES=/usr/lib/ircd-hybrid

# ircd-hybrid unpacked into a private directory: its package would replace ngIRCd's.
install_hybrid_locked() {
  [ -x "$HYBRID_BIN" ] && return 0
  [ "$(id -u)" = 0 ] || die "ircd-hybrid runs in a mount namespace of its own, which needs root"
  note "fetching ircd-hybrid from Debian packages into $HYBRID_HOME (first run only)"
  local tmp package
  tmp=$(mktemp -d)
  chmod 755 "$tmp" # apt-get download writes as _apt where it can
  apt-cache show ircd-hybrid >/dev/null 2>&1 || apt-get update -qq >&2
  (cd "$tmp" && apt-get download -qq ircd-hybrid libltdl7 >&2) || die "apt-get could not download ircd-hybrid"
  rm -rf "$HYBRID_HOME.new"
  mkdir -p "$HYBRID_HOME.new"
  for package in "$tmp"/*.deb; do dpkg -x "$package" "$HYBRID_HOME.new" || die "dpkg could not unpack $package"; done
  rm -rf "$tmp" "$HYBRID_HOME"
  mv "$HYBRID_HOME.new" "$HYBRID_HOME"
  [ -x "$HYBRID_BIN" ] || die "ircd-hybrid unpacked, but $HYBRID_BIN is missing"
}

cmd_install() {
  local daemon
  daemon=$(daemon_name "${1:-}")
  if [ "$daemon" = hybrid ]; then
    [ -x "$HYBRID_BIN" ] || with_lock "$IRCD_HOME/.install.lock" install_hybrid_locked
    return 0
  fi
  command -v "$daemon" >/dev/null || with_lock "$IRCD_HOME/.install.lock" install_locked "$daemon"
}

instance_dir() { instance_dir_in "$IRCD_HOME" "${1:-}"; }

# The instance's daemon, as init recorded it.
instance_daemon() { daemon_name "$(cat "$1/daemon" 2>/dev/null || echo ngircd)"; }

conf_file() { echo "$1/$(instance_daemon "$1").conf"; }

# The instance's server name: irc.mxbridge.test, or the one init peer recorded.
instance_server_name() { cat "$1/server_name" 2>/dev/null || echo "$SERVER_NAME"; }

# The pid of the instance's daemon if it runs; checks the command line so a recycled pid is not mistaken for it.
running_pid() {
  local dir=$1 pid
  # (ngircd.pid: an instance started before this script ran InspIRCd too)
  pid=$(cat "$dir/ircd.pid" 2>/dev/null || cat "$dir/ngircd.pid" 2>/dev/null) || return 1
  pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$(conf_file "$dir")" || return 1
  echo "$pid"
}

print_info() {
  local dir=$1
  echo "dir=$dir"
  echo "host=127.0.0.1"
  echo "port=$(cat "$dir/port")"
  echo "server_name=$(instance_server_name "$dir")"
  echo "daemon=$(instance_daemon "$dir")"
  echo "log=$dir/console.log"
  if [ -f "$dir/tls_port" ]; then
    echo "tls_port=$(cat "$dir/tls_port")"
    echo "tls_certificate=$dir/tls.crt"
  fi
}

cmd_init() {
  local name=${1:-} dir pid port daemon hub_dir
  dir=$(instance_dir "$name")
  daemon=$(daemon_name "${2:-}")
  shift 2 2>/dev/null || shift $#
  if [ "${1:-}" = link ]; then
    [ "$daemon" != inspircd ] || die "link: only ngIRCd and hybrid instances accept a server link"
    [ $# = 4 ] || { [ $# -le 6 ] && [ "$daemon" = hybrid ] && [[ "$5" =~ ^[0-9]+$ ]] &&
      [[ "${6:-plain}" =~ ^(tls|plain)$ ]]; } ||
      die "usage: ircd.sh init NAME ngircd|hybrid link SERVER BRIDGE_PASSWORD IRCD_PASSWORD [SERVER_PORT [tls|plain]]"
    [[ "$2" =~ ^[A-Za-z0-9.-]+$ && "$3" =~ ^[A-Za-z0-9._-]+$ && "$4" =~ ^[A-Za-z0-9._-]+$ ]] ||
      die "link: the server name and passwords must be plain words"
  elif [ "${1:-}" = peer ]; then
    [ "$daemon" = ngircd ] || die "peer: only ngIRCd instances link to a second server of the network"
    [ $# = 2 ] || die "usage: ircd.sh init NAME ngircd peer HUB"
    [ "$2" != "$name" ] || die "peer: an instance cannot be its own hub"
    hub_dir=$(instance_dir "$2")
    [ -f "$hub_dir/port" ] && [ "$(instance_daemon "$hub_dir")" = ngircd ] ||
      die "peer: initialise the ngIRCd instance $2 first (ircd.sh init $2 ngircd ...)"
  elif [ $# -gt 0 ]; then
    die "unknown init argument '$1': link SERVER BRIDGE_PASSWORD IRCD_PASSWORD, or peer HUB"
  fi
  cmd_install "$daemon"
  if [ -d "$dir" ] && pid=$(running_pid "$dir"); then note "stopping the running instance $name first"; stop_pid "$pid" 10; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  port=$(free_port)
  echo "$port" >"$dir/port"
  echo "$daemon" >"$dir/daemon"
  if [ "${1:-}" = peer ]; then peer_server_name "$name" >"$dir/server_name"; fi
  "${daemon}_conf" "$dir" "$port"
  if [ "${1:-}" = link ]; then "${daemon}_link_conf" "$dir" "$2" "$3" "$4" "${5:-}" "${6:-plain}"; fi
  if [ "${1:-}" = peer ]; then ngircd_peer_conf "$name" "$dir" "$hub_dir"; fi
  note "initialised $daemon instance $name on port $port"
  print_info "$dir"
}

ngircd_conf() {
  local dir=$1 port=$2
  cat >"$dir/ngircd.conf" <<EOF
# Generated by ircd.sh for tests: loopback only, no look-ups, limits raised.
[Global]
	Name = $(instance_server_name "$dir")
	Info = mxbridge test IRC server
	AdminInfo1 = mxbridge test kit
	AdminInfo2 = loopback only
	AdminEMail = nobody@localhost
	Listen = 127.0.0.1
	Ports = $port
	MotdPhrase = "mxbridge test IRC server"
[Limits]
	# Only servers with a Port and without Passive connect out (init peer): they retry every 5 s.
	ConnectRetry = 5
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxNickLength = 31
	MaxListSize = 0
	# No penalties: ngIRCd then does not throttle clients that send many commands at once.
	MaxPenaltyTime = 0
	PingTimeout = 120
	PongTimeout = 60
[Options]
	DNS = no
	Ident = no
	PAM = no
	OperCanUseMode = yes
EOF
}

# A [Server] block for a server that links in. ngIRCd names the passwords from its own side: MyPassword is what
# the peer must send, PeerPassword what ngIRCd sends back. Passive: ngIRCd never connects out itself. An operator
# oper/oper may SQUIT the link (tests of a dropped link).
ngircd_link_conf() {
  local dir=$1 server=$2 bridge_password=$3 ircd_password=$4
  cat >>"$dir/ngircd.conf" <<EOF
[Server]
	Name = $server
	Host = 127.0.0.1
	MyPassword = $bridge_password
	PeerPassword = $ircd_password
	Passive = yes
[Operator]
	Name = oper
	Password = oper
EOF
}

# A peer's server name from its instance name: NAME.peer.mxbridge.test, with what a host name cannot hold as -.
peer_server_name() {
  local server
  server="$(printf %s "$1" | tr -c 'A-Za-z0-9.-' -).peer.mxbridge.test"
  [ ${#server} -le 63 ] || die "peer: the server name $server is longer than 63 characters: use a shorter NAME"
  echo "$server"
}

# The two [Server] blocks of a leaf and its hub, both with the password peer: the leaf connects to the hub's port
# (ConnectRetry: every 5 s while the link is down), the hub only accepts. The hub's block sits between marker
# lines, so that a new init of the same leaf replaces it; the hub reloads its configuration if it runs.
ngircd_peer_conf() {
  local name=$1 dir=$2 hub_dir=$3 hub_conf pid
  hub_conf="$hub_dir/ngircd.conf"
  cat >>"$dir/ngircd.conf" <<EOF
[Server]
	Name = $(instance_server_name "$hub_dir")
	Host = 127.0.0.1
	Port = $(cat "$hub_dir/port")
	MyPassword = peer
	PeerPassword = peer
[Operator]
	Name = oper
	Password = oper
EOF
  awk -v begin="# peer $name begin" -v end="# peer $name end" \
    '$0 == begin { skip = 1 } !skip { print } $0 == end { skip = 0 }' "$hub_conf" >"$hub_conf.new"
  {
    echo "# peer $name begin"
    cat <<EOF
[Server]
	Name = $(instance_server_name "$dir")
	Host = 127.0.0.1
	MyPassword = peer
	PeerPassword = peer
	Passive = yes
EOF
    grep -qx '	Name = oper' "$hub_conf.new" || printf '[Operator]\n\tName = oper\n\tPassword = oper\n'
    echo "# peer $name end"
  } >>"$hub_conf.new"
  mv "$hub_conf.new" "$hub_conf"
  if pid=$(running_pid "$hub_dir"); then
    kill -HUP "$pid"
    note "reloaded the configuration of the hub $(basename "$hub_dir") (pid $pid)"
  fi
}

inspircd_conf() {
  local dir=$1 port=$2 module
  echo "mxbridge test IRC server" >"$dir/motd.txt"
  {
    cat <<EOF
# Generated by ircd.sh for tests: loopback only, no look-ups, limits raised, IRCv3 modules loaded.
<server name="$SERVER_NAME" description="mxbridge test IRC server" network="mxbridge">
<admin name="mxbridge test kit" nick="admin" email="nobody@localhost">
<bind address="127.0.0.1" port="$port" type="clients">
<connect name="main" allow="*" maxchans="1000" timeout="60" pingfreq="2m" hardsendq="16M" softsendq="1M"
         recvq="1M" threshold="1000000" commandrate="100000000" fakelag="no" localmax="100000"
         globalmax="100000" maxconnwarn="no" resolvehostnames="no" useident="no" limit="100000" modes="">
<performance netbuffersize="10240" somaxconn="1024" softlimit="100000" clonesonconnect="no" timeskipwarn="0"
             quietbursts="yes">
<limits maxaway="200" maxchan="64" maxhost="64" maxident="11" maxkick="300" maxmodes="20" maxnick="31"
        maxquit="300" maxreal="130" maxtopic="330">
<channels users="100000" opers="100000">
<options prefixquit="" syntaxhints="no" announcets="yes" hostintopic="no" pingwarning="15" splitwhois="no"
         exemptchanops="" allowmismatch="yes" defaultmodes="not">
<security userstats="Pu" customversion="" flatlinks="no" hidesplits="no" hideulines="no" hidebans="no"
          maxtargets="20" announceinvites="dynamic" hideserver="">
<whowas groupsize="10" maxgroups="100000" maxkeep="3d">
<files motd="$dir/motd.txt">
<dns server="127.0.0.1" timeout="1">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="$dir/ircd.log">
EOF
    # Only modules the package ships: its module list has changed between releases.
    for module in cap ircv3 ircv3_servertime ircv3_echomessage ircv3_msgid ircv3_ctctags ircv3_accounttag \
        ircv3_batch ircv3_capnotify ircv3_chghost ircv3_invitenotify ircv3_labeledresponse services_account \
        namesx uhnames setname; do
      if [ -e "/usr/lib/inspircd/modules/m_$module.so" ]; then
        echo "<module name=\"$module\">"
      else
        note "InspIRCd has no module $module; its capability will be missing"
      fi
    done
    echo '<ircv3 accountnotify="yes" awaynotify="yes" extendedjoin="yes">'
  } >"$dir/inspircd.conf"
}

hybrid_conf() {
  local dir=$1 port=$2 tls_port
  echo "mxbridge test IRC server" >"$dir/motd.txt"
  # A second port with TLS, under a self-signed certificate made here (tests pin its SHA-256).
  tls_port=$(free_port)
  echo "$tls_port" >"$dir/tls_port"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$SERVER_NAME" -keyout "$dir/tls.key" \
    -out "$dir/tls.crt" 2>/dev/null || die "openssl could not make a certificate for hybrid's TLS port"
  cat >"$dir/hybrid.conf" <<EOF
/* Generated by ircd.sh for tests: loopback only, no look-ups, limits raised. */
serverinfo {
	name = "$SERVER_NAME";
	sid = "1HY";
	description = "mxbridge test IRC server";
	network_name = "mxbridge";
	hub = yes;                  /* a hub: the tests may link a second server (collider.localhost) */
	default_max_clients = 10000;
	max_nick_length = 30;
	max_topic_length = 300;
	rsa_private_key_file = "$dir/tls.key";
	tls_certificate_file = "$dir/tls.crt";
};
admin { name = "mxbridge test kit"; description = "loopback only"; email = "<nobody@localhost>"; };
class {
	name = "users"; ping_time = 2 minutes; number_per_ip_local = 100000; number_per_ip_global = 100000;
	max_number = 100000; max_channels = 1000; sendq = 4 megabytes; recvq = 64 kbytes;
};
class { name = "server"; ping_time = 90 seconds; connectfreq = 5 minutes; max_number = 10; sendq = 64 megabytes; };
listen { host = "127.0.0.1"; port = $port; };
listen { host = "127.0.0.1"; flags = tls; port = $tls_port; };
auth { user = "*@127.0.0.1"; class = "users"; flags = exceed_limit, can_flood, no_tilde; };
channel { enable_owner = no; enable_admin = no; max_channels = 1000; default_join_flood_count = 0; };
serverhide { hidden = no; hide_servers = no; };
general {
	disable_auth = yes; ping_cookie = no; throttle_count = 0; throttle_time = 0; anti_nick_flood = no;
	pace_wait = 0 seconds; pace_wait_simple = 0 seconds; ts_max_delta = 60 seconds; ts_warn_delta = 30 seconds;
	max_targets = 100; invisible_on_connect = no; failed_oper_notice = no;
};
motd { mask = "*"; file = "$dir/motd.txt"; };
modules { path = "$HYBRID_MODULES/modules"; path = "$HYBRID_MODULES/modules/autoload"; };
log { use_logging = yes; };
EOF
}

# A connect {} block for a TS6 server that links in (hybrid names the passwords from its own side: accept_password is
# what the peer must send, send_password what hybrid sends back), and an operator oper/oper who may SQUIT it. A
# second block lets a raw TS6 peer of the tests link in too (collider.localhost, password collider), to introduce
# users that collide with the bridge's (hybrid is a hub for it).
hybrid_link_conf() {
  local dir=$1 server=$2 bridge_password=$3 ircd_password=$4 server_port=${5:-} tls=
  [ "${6:-plain}" = tls ] && tls="
	flags = tls;"
  cat >>"$dir/hybrid.conf" <<EOF
connect {
	name = "$server";
	host = "127.0.0.1";${server_port:+
	port = $server_port;}$tls
	send_password = "$ircd_password";
	accept_password = "$bridge_password";
	encrypted = no;
	class = "server";
};
connect {
	name = "collider.localhost";
	host = "127.0.0.1";
	send_password = "collider";
	accept_password = "collider";
	encrypted = no;
	class = "server";
};
operator {
	name = "oper"; user = "*@127.0.0.1"; password = "oper"; encrypted = no; class = "users";
	flags = connect, connect:remote, kill, kill:remote, squit, squit:remote, admin;
};
EOF
}

# Waits until the port accepts connections; exit 2 if the process died, 1 on timeout.
wait_ready() {
  python3 - "$1" "$2" "$3" <<'EOF'
import socket, sys, time
port, pid, timeout = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(") ", 1)[1].startswith("Z"):
                sys.exit(2)
    except FileNotFoundError:
        sys.exit(2)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}

# Runs the instance's daemon in the foreground, so that this pid is the server's; not detached from the caller's
# process group, so Ctrl-C on the build stops it as well.
run_daemon() {
  local dir=$1
  case $(instance_daemon "$dir") in
    # As root, ngIRCd drops to the user nobody by itself.
    ngircd) exec ngircd -n -f "$dir/ngircd.conf" ;;
    # InspIRCd refuses root: as root it runs as nobody, who must be able to write its log.
    inspircd)
      if [ "$(id -u)" = 0 ]; then
        chown -R nobody:nogroup "$dir"
        exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
          inspircd --nofork --nopid --config "$dir/inspircd.conf"
      fi
      exec inspircd --nofork --nopid --config "$dir/inspircd.conf" ;;
    # The unpacked modules where hybrid looks for them, in this process's own mount namespace; as nobody.
    hybrid)
      [ "$(id -u)" = 0 ] || die "ircd-hybrid needs root to start (a mount namespace), and then runs as nobody"
      mkdir -p "$HYBRID_MODULES"
      chown -R nobody:nogroup "$dir"
      export LD_LIBRARY_PATH="$HYBRID_HOME/usr/lib/x86_64-linux-gnu"
      exec unshare -m --propagation private -- sh -c 'mount --bind "$1/usr/lib/ircd-hybrid" "$2" && shift 2 &&
        exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"' sh "$HYBRID_HOME" "$HYBRID_MODULES" \
        "$HYBRID_BIN" -foreground -configfile "$dir/hybrid.conf" -pidfile "$dir/hybrid.pid" \
        -logfile "$dir/ircd.log" -klinefile "$dir/kline.db" -dlinefile "$dir/dline.db" -xlinefile "$dir/xline.db" \
        -resvfile "$dir/resv.db" ;;
  esac
}

cmd_start() {
  local name=${1:-} dir pid port daemon
  dir=$(instance_dir "$name")
  [ -f "$dir/daemon" ] || cmd_init "$name" >/dev/null
  daemon=$(instance_daemon "$dir")
  cmd_install "$daemon"
  if pid=$(running_pid "$dir"); then
    note "$daemon instance $name already runs (pid $pid)"
  else
    port=$(cat "$dir/port")
    port_is_free "$port" || die "port $port of $daemon instance $name is taken by another process"
    # Many connections need many descriptors; as root the hard limit can be raised too.
    ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    run_daemon "$dir" >>"$dir/console.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$dir/ircd.pid"
    local status=0
    wait_ready "$port" "$pid" "${MXB_IRCD_START_TIMEOUT:-20}" || status=$?
    case $status in
      0) note "$daemon instance $name ready on port $port (pid $pid)" ;;
      2) tail -n 20 "$dir/console.log" >&2; die "$daemon instance $name exited during start-up (see $dir/console.log)" ;;
      *) tail -n 20 "$dir/console.log" >&2; stop_pid "$pid" 5
         die "$daemon instance $name did not listen on port $port within ${MXB_IRCD_START_TIMEOUT:-20} s" ;;
    esac
  fi
  print_info "$dir"
  echo "pid=$pid"
}

cmd_stop() {
  local name=${1:-} dir pid
  dir=$(instance_dir "$name")
  if pid=$(running_pid "$dir"); then
    stop_pid "$pid" 10
    note "stopped $(instance_daemon "$dir") instance $name"
  fi
  rm -f "$dir/ircd.pid" "$dir/ngircd.pid"
}

cmd_status() { instance_status "${1:-}"; }

command=${1:-}
shift || true
case $command in
  install) cmd_install "$@" ;;
  init) cmd_init "$@" ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  *) die "usage: ircd.sh install [DAEMON] | init NAME [DAEMON] | start NAME | stop NAME | status NAME" ;;
esac
