#!/usr/bin/env bash
# Headless Chromium screenshot of an inspect page, to look at the result
# the way a user sees it.
#   tools/inspect-screenshot.sh DIR/index.html OUT.png [WIDTHxHEIGHT] [#anchor]
# Needs Debian's chromium (apt-get install -y chromium). Nothing is fetched:
# the page is a local file and background networking is off.
set -euo pipefail
page=${1:?usage: $0 INDEX.html OUT.png [WIDTHxHEIGHT] [#anchor]}
out=${2:?usage: $0 INDEX.html OUT.png [WIDTHxHEIGHT] [#anchor]}
size=${3:-1600x1000}
anchor=${4:-}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "$0: chromium not found (apt-get install -y chromium)" >&2
    exit 2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$page")$anchor"
if [ -n "$anchor" ]; then
    # Headless Chromium paints a blank screenshot when the page itself is
    # scrolled to a fragment; an iframe that scrolls inside is painted.
    w=${size%x*}
    h=${size#*x}
    printf '<html><body style="margin:0"><iframe src="%s" style="border:0;width:%spx;height:%spx"></iframe></body></html>' \
        "$url" "$w" "$h" >"$profile/wrap.html"
    url="file://$profile/wrap.html"
fi
"$browser" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --hide-scrollbars --user-data-dir="$profile" \
    --window-size="${size/x/,}" --screenshot="$(realpath -m "$out")" "$url" 2>/dev/null
echo "$out"
