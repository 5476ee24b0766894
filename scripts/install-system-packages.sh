#!/bin/sh
# Install the Debian packages named as arguments that are not installed yet.
# Runs apt-get (through sudo when not root) only if something is missing; where there is no
# apt-get, names what is missing and succeeds, so that make goes on with what is there.
set -eu
missing=""
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  # Not a Debian-like system: say what to install and go on with what is there (the build
  # names a missing font or library itself, at the step that needs it).
  echo "note: these Debian packages are missing:$missing" >&2
  echo "note: no apt-get here: install their equivalents with your system's package manager;" \
       "going on with what is installed" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "Installing system packages:$missing"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
