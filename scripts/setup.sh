#!/usr/bin/env bash
# Installs what the demo and the tests need on a fresh Debian machine with Node 20:
# pnpm at the version pinned in package.json, Debian packages (as root), and the workspace's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

need_node=20
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt "$need_node" ]; then
  echo "earshot: Node.js >= $need_node is required (found $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

pinned=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null || true)" != "$pinned" ]; then
  echo "earshot: installing pnpm@$pinned with npm…"
  if ! npm install -g "pnpm@$pinned" >/dev/null 2>&1; then
    echo "earshot: could not install pnpm globally. Run: sudo npm install -g pnpm@$pinned" >&2
    exit 1
  fi
fi

# Debian packages: PocketSphinx for the emulator's real recognizer, Chromium for the browser tests,
# espeak-ng and sox to make speech fixtures; Firefox ESR and WebKitGTK (WebKitWebDriver + MiniBrowser under
# Xvfb) for the other engines, with a private PulseAudio server as their WAV microphone.
apt_packages=(libpocketsphinx3 pocketsphinx-en-us chromium espeak-ng sox firefox-esr webkit2gtk-driver xvfb pulseaudio pulseaudio-utils)
# Human read speech (LibriVox sentences) for the recognizer benchmark's word error rate: `pnpm bench` only.
if [ "${EARSHOT_BENCH:-}" = 1 ]; then apt_packages+=(pocketsphinx-testdata); fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "earshot: installing Debian packages: ${missing[*]}…"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "earshot: missing Debian packages: ${missing[*]}" >&2
    echo "earshot: run as root, or: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "earshot: continuing; what needs them will say so." >&2
  fi
fi

pnpm install --reporter=silent
