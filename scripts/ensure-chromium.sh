#!/usr/bin/env bash
# The end-to-end suite drives Debian's Chromium (never a browser downloaded by a tool).
# Install it, with CJK fonts for screenshots, when it is missing and we may; otherwise say how.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium_path" ] || missing+=(chromium)
if command -v dpkg >/dev/null 2>&1 && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then missing+=(fonts-noto-cjk); fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "e2e: installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "e2e: missing ${missing[*]}. Install with: sudo apt-get install chromium fonts-noto-cjk" >&2
echo "     (or point CHROMIUM_PATH at a Chromium binary)" >&2
[ -x "$chromium_path" ] || exit 1
