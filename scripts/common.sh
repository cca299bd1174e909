# Shared by scripts/run and scripts/test: environment and idempotent installs.
# Sourced, not run.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The build cache lives outside the clone, so fresh clones (CI) reuse it; nothing depends on it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/throughline/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# Each step is announced and timed; `step_times` prints how long each took, so a slow one shows.
STEP_LOG="${STEP_LOG:-$(mktemp)}"
export STEP_LOG
step() {
  printf '%s\t%s\n' "$(date +%s)" "$*" >>"$STEP_LOG"
  printf '\n==> %s\n' "$*"
}
step_times() {
  printf '%s\tend\n' "$(date +%s)" >>"$STEP_LOG"
  printf '\nHow long each step took:\n'
  awk -F'\t' 'NR > 1 { printf "%6d s  %s\n", $1 - t, name } { t = $1; name = $2 }' "$STEP_LOG"
  rm -f "$STEP_LOG"
}

# Installs Debian packages that are missing (as root, or through sudo).
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  step "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

# What the Rust workspace needs to build (a C compiler for the bundled SQLite, WebKitGTK and
# friends for the Tauri app) and to test (poppler's tools check the PDF report), and the Noto
# fonts the report falls back on for Chinese, Japanese, Korean and emoji.
install_build_deps() {
  apt_install build-essential pkg-config file poppler-utils \
    libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev \
    fonts-noto-cjk fonts-noto-color-emoji
  command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)"; exit 1; }
  command -v npm >/dev/null || { echo "Node.js and npm are required"; exit 1; }
}

# A folder's npm packages, at the versions in its package-lock.json (again only when it
# changed). `npm install --no-save` rather than `npm ci`: with this machine's npm settings the
# lock file records only this platform's optional packages (Biome's binaries), which `npm ci`
# rejects.
install_npm_packages() {
  local dir="$1" what="$2"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    step "Installing $what"
    (cd "$dir" && npm install --no-save --no-audit --no-fund)
  fi
}

install_ui_deps() {
  install_npm_packages ui "the UI's packages"
}

# PM4Py in a virtual environment of its own, for the benchmarks and the cross-checks that
# compare with it (PM4Py is AGPL: never a dependency of the product).
PM4PY_VENV="$HOME/.cache/throughline/pm4py-venv"
install_pm4py() {
  apt_install python3 python3-venv time
  if [ ! -x "$PM4PY_VENV/bin/python" ] || ! "$PM4PY_VENV/bin/python" -c "import pm4py" 2>/dev/null; then
    step "Installing PM4Py in $PM4PY_VENV"
    python3 -m venv "$PM4PY_VENV"
    "$PM4PY_VENV/bin/pip" install -q pm4py
  fi
}

# The sync server teams share maps on (Hocuspocus, pinned in server/package.json), and
# Debian's Redis, which the tests start their own of to run two server instances.
install_sync_server_deps() {
  apt_install redis-server
  install_npm_packages server "the sync server's packages"
}

# The app embeds the built UI, so it is built before any Rust that includes the app.
build_ui() {
  step "Building the UI"
  (cd ui && npm run build)
}

# What the end-to-end tests need: a virtual display, a session bus, WebKit's WebDriver,
# cargo-fuzz (from crates.io), which scripts/fuzz drives.
install_cargo_fuzz() {
  if ! cargo install --list | grep -q "^cargo-fuzz v0.13.2:"; then
    step "Installing cargo-fuzz 0.13.2"
    cargo install cargo-fuzz --locked --version 0.13.2
  fi
}

# tauri-driver (built from crates.io at 2.1.0, the version known to work with WebKitWebDriver here), Debian's Chromium
# (renders our Mermaid export with Mermaid itself) and the suite's own npm packages
# (WebdriverIO, Vitest, Mermaid, Puppeteer) in tests/e2e.
install_e2e_deps() {
  apt_install webkit2gtk-driver xvfb dbus dbus-x11 xauth scrot xdotool chromium  # xdotool: real key presses
  install_npm_packages tests/e2e "the end-to-end suite's packages"
  if ! cargo install --list | grep -q "^tauri-driver v2.1.0:"; then
    step "Installing tauri-driver 2.1.0"
    cargo install tauri-driver --locked --version 2.1.0
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
}

# Runs a command on a private virtual display inside its own session bus, then stops both.
# (The accessibility bus can stall WebKitGTK's start under Xvfb: NO_AT_BRIDGE turns it off.)
with_display() {
  local display=":$((90 + RANDOM % 9))"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  local xvfb=$!
  sleep 1
  local status=0
  DISPLAY="$display" NO_AT_BRIDGE=1 dbus-run-session -- "$@" || status=$?
  kill "$xvfb" 2>/dev/null || true
  return $status
}

# The end-to-end tests of the built app (debug build; the UI must be built first).
run_e2e() {
  step "Building the app and the command line"
  # The command line is built here, not by `cargo run` inside a test: the tests' own build
  # has other features, and rebuilding it within a test's time limit timed it out.
  cargo build -p throughline-app -p throughline-cli
  step "End-to-end tests in the real window (screenshots in artifacts/e2e/)"
  export THROUGHLINE_APP="$CARGO_TARGET_DIR/debug/throughline-app"
  export THROUGHLINE_CLI="$CARGO_TARGET_DIR/debug/throughline"
  export THROUGHLINE_ARTIFACTS="$ROOT/artifacts/e2e"
  rm -rf "$THROUGHLINE_ARTIFACTS"
  (cd tests/e2e && with_display npx vitest run --config vitest.config.ts "$@")
}

# A full build takes about 8 GB of cache (debug, line tables only). When the disk has less than
# 12 GB free the cache goes first, so that an old cache cannot fail a run for want of space (a
# CI run did: "No space left on device" at five minutes). Nothing depends on the cache.
make_room_for_build() {
  mkdir -p "$CARGO_TARGET_DIR"
  local free_gb
  free_gb=$(df --output=avail -BG "$CARGO_TARGET_DIR" | tail -1 | tr -dc '0-9')
  if [ "${free_gb:-0}" -lt 12 ]; then
    step "Only ${free_gb} GB free: removing the build caches ($CARGO_TARGET_DIR, the fuzz targets')"
    rm -rf "$CARGO_TARGET_DIR" "$HOME/.cache/throughline/fuzz-asan"
    mkdir -p "$CARGO_TARGET_DIR"
    free_gb=$(df --output=avail -BG "$CARGO_TARGET_DIR" | tail -1 | tr -dc '0-9')
    [ "${free_gb:-0}" -ge 8 ] || echo "warning: ${free_gb} GB free; a full build needs about 8" >&2
  fi
}

# The build cache keeps every build's test and tool binaries (0.5-0.8 GB each, with debug
# information) and cargo never removes the old ones: a long-lived cache filled a 90 GB disk.
# Only the newest binary of each name is run again; the older ones go.
prune_build_cache() {
  local deps="$CARGO_TARGET_DIR/debug/deps"
  [ -d "$deps" ] || return 0
  find "$deps" -maxdepth 1 -type f -perm -u+x -size +1M -printf '%T@ %f\n' | sort -rn |
    awk '{ name = $2; sub(/-[0-9a-f]+$/, "", name); if (seen[name]++) print $2 }' |
    while read -r stale; do rm -f "$deps/$stale"; done || true  # tidying never fails a run
}
