#!/bin/sh
# Checks that lambdex-agent is fully static and small: it is bind-mounted into
# arbitrary Lambda images, whose libc we cannot know.
set -eu
bin="$1"
max_bytes=$((5 * 1024 * 1024))
file "$bin" | grep -q "statically linked" || { echo "FAIL: $(file "$bin")"; exit 1; }
ldd_out=$(ldd "$bin" 2>&1 || true)
echo "$ldd_out" | grep -q "not a dynamic executable" || { echo "FAIL: ldd says: $ldd_out"; exit 1; }
size=$(stat -c %s "$bin")
[ "$size" -le "$max_bytes" ] || { echo "FAIL: $size bytes > $max_bytes"; exit 1; }
echo "OK: static, $size bytes"
