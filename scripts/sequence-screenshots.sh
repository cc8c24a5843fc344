#!/bin/sh
# Screenshots of the sequence diagrams of scripts/sequence-pictures.ts into docs/images/, through
# Debian's chromium (headless). Run from the repository: sh scripts/sequence-screenshots.sh
set -eu
out=build/sequence-pictures
npx tsc --outDir build/pictures-js --rootDir . --module nodenext --moduleResolution nodenext --target es2022 --strict --skipLibCheck scripts/sequence-pictures.ts
node build/pictures-js/scripts/sequence-pictures.js "$out"
mkdir -p docs/images
for name in pipe-copy msgq-crossed-replies; do
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1040,"${HEIGHT:-760}" \
    --screenshot="$PWD/docs/images/sequence-$name.png" "file://$PWD/$out/$name/report.html"
done
