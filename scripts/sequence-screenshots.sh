#!/bin/sh
# Screenshots of the sequence diagrams of scripts/sequence-pictures.ts into docs/images/, through
# Debian's chromium (headless). Run from the repository: sh scripts/sequence-screenshots.sh
set -eu
out=build/sequence-pictures
npx tsc --outDir build/pictures-js --rootDir . --module nodenext --moduleResolution nodenext --target es2022 --strict --skipLibCheck scripts/sequence-pictures.ts
node build/pictures-js/scripts/sequence-pictures.js "$out"
mkdir -p docs/images
# name:height of the page to shoot (the report's heading, verdict and diagram)
for shot in pipe-copy:540 msgq-crossed-replies:620; do
  name=${shot%%:*}
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1040,"${shot##*:}" \
    --screenshot="$PWD/docs/images/sequence-$name.png" "file://$PWD/$out/$name/report.html" 2>/dev/null
done
