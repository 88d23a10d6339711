#!/usr/bin/env bash
# Re-make the API documentation pages' scripts under visualisations/static/vendor/ (the
# third-party files) from npm, at the pinned versions (update the pins here and in the
# NOTICE.md files together). Run by hand when upgrading; CI and the app never fetch
# anything: the files are committed.
set -euo pipefail
SWAGGER_UI=5.32.4
REDOC=2.5.2
cd "$(dirname "$0")/../.."
STATIC=visualisations/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "swagger-ui-dist@$SWAGGER_UI" "redoc@$REDOC" >/dev/null)
mkdir -p "$work/s" "$work/r"
tar xzf "$work/swagger-ui-dist-$SWAGGER_UI.tgz" -C "$work/s"
tar xzf "$work/redoc-$REDOC.tgz" -C "$work/r"
cp "$work"/s/package/{swagger-ui-bundle.js,swagger-ui.css,swagger-ui-bundle.js.LICENSE.txt,LICENSE,NOTICE} \
   "$STATIC/swagger-ui/"
cp "$work"/r/package/bundles/{redoc.standalone.js,redoc.standalone.js.LICENSE.txt} \
   "$work/r/package/LICENSE" "$STATIC/redoc/"
# ReDoc's sidebar badge loads its logo from a CDN: an empty inline image instead (offline)
sed -i 's#https://cdn.redoc.ly/redoc/logo-mini.svg#data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E#' \
    "$STATIC/redoc/redoc.standalone.js"
sha256sum "$STATIC"/swagger-ui/swagger-ui-bundle.js "$STATIC"/swagger-ui/swagger-ui.css \
          "$STATIC"/redoc/redoc.standalone.js
echo "copied swagger-ui-dist@$SWAGGER_UI and redoc@$REDOC; put the sha256 above in the NOTICE.md files"
