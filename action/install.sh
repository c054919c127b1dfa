#!/usr/bin/env bash
# Installs pbitoken for the action: the release archive for this runner when
# VERSION names a tag (its SHA-256 checked against the release's SHA256SUMS),
# else a build of the action's own source with cargo.
set -euo pipefail
root=${RUNNER_TEMP:-/tmp}/pbitoken
mkdir -p "$root/bin"
if [ -z "${VERSION:-}" ]; then
  cargo install --locked --quiet --path "$GITHUB_ACTION_PATH" --root "$root"
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=x86_64-unknown-linux-musl ext=tar.gz ;;
    Linux-aarch64) target=aarch64-unknown-linux-musl ext=tar.gz ;;
    Darwin-x86_64) target=x86_64-apple-darwin ext=tar.gz ;;
    Darwin-arm64) target=aarch64-apple-darwin ext=tar.gz ;;
    MINGW*|MSYS*|CYGWIN*) target=x86_64-pc-windows-msvc ext=zip ;;
    *) echo "::error::pbitoken has no release for $(uname -s) $(uname -m); leave 'version' empty to build it" >&2; exit 1 ;;
  esac
  name=pbitoken-$VERSION-$target
  work=$(mktemp -d)
  gh release download "$VERSION" --repo "${GITHUB_ACTION_REPOSITORY:-$GITHUB_REPOSITORY}" \
    --pattern "$name.$ext" --pattern SHA256SUMS --dir "$work"
  (cd "$work" && grep " $name.$ext\$" SHA256SUMS | sha256sum -c -)
  case $ext in
    zip) unzip -q "$work/$name.zip" -d "$work" ;;
    *) tar -C "$work" -xzf "$work/$name.$ext" ;;
  esac
  cp "$work/$name"/pbitoken* "$root/bin/"
fi
echo "$root/bin" >> "$GITHUB_PATH"
