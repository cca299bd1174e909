# Shared by scripts/run and scripts/test: environment and idempotent installs.
# Sourced, not run.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The build cache lives outside the clone, so fresh clones (CI) reuse it; nothing depends on it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/throughline/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*"; }

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

# What the Rust workspace needs to build (a C compiler for the bundled SQLite) and to test
# (poppler's pdftotext, pdffonts, pdfimages and pdftoppm check the PDF report).
install_build_deps() {
  apt_install build-essential pkg-config poppler-utils
  command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)"; exit 1; }
}
