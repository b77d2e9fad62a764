#!/usr/bin/env bash
# Installs headless Chromium and its WebDriver (Debian's chromium and chromium-driver) for tests that drive a
# browser, and says where they are.
#
#   chromium.sh install     installs both packages unless installed (instant when they are); prints key=value lines
#                           (chromium, chromedriver) on stdout; everything for people goes to stderr.

source "$(dirname "${BASH_SOURCE[0]}")/testkit-lib.sh"

CHROMIUM_HOME="$MXB_BUILD_DIR/chromium"

install_locked() {
  command -v chromium >/dev/null && command -v chromedriver >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "chromium is not installed and installing needs root: apt-get install chromium chromium-driver"
  note "installing chromium and chromium-driver from Debian packages (first run only)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2 ||
    die "apt-get could not install chromium and chromium-driver"
}

cmd_install() {
  mkdir -p "$CHROMIUM_HOME"
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    with_lock "$CHROMIUM_HOME/.install.lock" install_locked
  fi
  command -v chromium >/dev/null || die "chromium installed, but not on the PATH"
  command -v chromedriver >/dev/null || die "chromedriver installed, but not on the PATH"
  echo "chromium=$(command -v chromium)"
  echo "chromedriver=$(command -v chromedriver)"
}

case ${1:-} in
  install) cmd_install ;;
  *) die "usage: chromium.sh install" ;;
esac
