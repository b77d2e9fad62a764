#!/usr/bin/env bash
# Installs and runs throw-away IRC daemons (ngIRCd or InspIRCd 3, from Debian packages) for tests and benchmarks.
#
#   ircd.sh install [DAEMON]       installs the daemon's package unless it is installed (instant when it is)
#   ircd.sh init NAME [DAEMON] [link SERVER BRIDGE_PASSWORD IRCD_PASSWORD]
#                                  (re)writes instance NAME's configuration with a new free port; stops it first if it
#                                  runs. DAEMON is ngircd (the default) or inspircd; the instance remembers it. With
#                                  link (ngIRCd only), a [Server] block lets a server named SERVER link in from
#                                  127.0.0.1 on the client port (the IRC bridge's link mode): it must send
#                                  BRIDGE_PASSWORD, and is sent IRCD_PASSWORD; OPER oper oper may SQUIT it.
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
#
# MXB_IRCD_START_TIMEOUT: seconds to wait for the port, default 20.

source "$(dirname "${BASH_SOURCE[0]}")/testkit-lib.sh"

IRCD_HOME="$MXB_BUILD_DIR/ircd"
SERVER_NAME=irc.mxbridge.test

# The daemon's name, checked: ngircd or inspircd. Both are the name of their Debian package and of their binary.
daemon_name() {
  case ${1:-ngircd} in
    ngircd | inspircd) echo "${1:-ngircd}" ;;
    *) die "unknown IRC daemon '$1': ngircd or inspircd" ;;
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

cmd_install() {
  local daemon
  daemon=$(daemon_name "${1:-}")
  command -v "$daemon" >/dev/null || with_lock "$IRCD_HOME/.install.lock" install_locked "$daemon"
}

instance_dir() { instance_dir_in "$IRCD_HOME" "${1:-}"; }

# The instance's daemon, as init recorded it.
instance_daemon() { daemon_name "$(cat "$1/daemon" 2>/dev/null || echo ngircd)"; }

conf_file() { echo "$1/$(instance_daemon "$1").conf"; }

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
  echo "server_name=$SERVER_NAME"
  echo "daemon=$(instance_daemon "$dir")"
  echo "log=$dir/console.log"
}

cmd_init() {
  local name=${1:-} dir pid port daemon
  dir=$(instance_dir "$name")
  daemon=$(daemon_name "${2:-}")
  shift 2 2>/dev/null || shift $#
  if [ "${1:-}" = link ]; then
    [ "$daemon" = ngircd ] || die "link: only ngIRCd instances accept a server link"
    [ $# = 4 ] || die "usage: ircd.sh init NAME ngircd link SERVER BRIDGE_PASSWORD IRCD_PASSWORD"
    [[ "$2" =~ ^[A-Za-z0-9.-]+$ && "$3" =~ ^[A-Za-z0-9._-]+$ && "$4" =~ ^[A-Za-z0-9._-]+$ ]] ||
      die "link: the server name and passwords must be plain words"
  elif [ $# -gt 0 ]; then
    die "unknown init argument '$1': link SERVER BRIDGE_PASSWORD IRCD_PASSWORD"
  fi
  cmd_install "$daemon"
  if [ -d "$dir" ] && pid=$(running_pid "$dir"); then note "stopping the running instance $name first"; stop_pid "$pid" 10; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  port=$(free_port)
  echo "$port" >"$dir/port"
  echo "$daemon" >"$dir/daemon"
  "${daemon}_conf" "$dir" "$port"
  if [ "${1:-}" = link ]; then ngircd_link_conf "$dir" "$2" "$3" "$4"; fi
  note "initialised $daemon instance $name on port $port"
  print_info "$dir"
}

ngircd_conf() {
  local dir=$1 port=$2
  cat >"$dir/ngircd.conf" <<EOF
# Generated by ircd.sh for tests: loopback only, no look-ups, limits raised.
[Global]
	Name = $SERVER_NAME
	Info = mxbridge test IRC server
	AdminInfo1 = mxbridge test kit
	AdminInfo2 = loopback only
	AdminEMail = nobody@localhost
	Listen = 127.0.0.1
	Ports = $port
	MotdPhrase = "mxbridge test IRC server"
[Limits]
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
