#!/usr/bin/env bash
# The floor a hand-written driver reaches: the pipe-copy tests and msgq-ping-pong's one-client
# test, each in fresh IPC + PID + mount namespaces (unshare), as an unprivileged uid, with the
# same checks ipclab makes (exit status, exact output, byte-exact 4 MiB, no process left).
# Usage: bash-driver.sh <pipe-copy bin dir> <msgq bin dir> <work dir>
set -u
PC=$1; MQ=$2; W=$3
fail=0
check() { if ! "$@"; then echo "FAIL: $*" >&2; fail=$((fail + 1)); fi; }
# run CMD... in fresh namespaces as nobody, stdin from $IN, stdout to $OUT; prints exit status
ns() { unshare --ipc --pid --mount --fork --kill-child sh -c 'mount -t tmpfs none /dev/shm && mount -t proc proc /proc && exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"' sh "$@"; }

head -c 4194304 /dev/urandom > "$W/rand"
head -c 300000 /dev/urandom > "$W/rand300"
printf 'hello, pipe\n' > "$W/short"
: > "$W/empty"
for t in short empty rand rand300; do
  ns "$PC/pipe_copy" < "$W/$t" > "$W/out" 2>/dev/null; st=$?
  check test "$st" = 0
  check cmp -s "$W/$t" "$W/out"
done
# child-fails: stdout is a pipe whose reader is gone
ns "$PC/pipe_copy" < "$W/short" 2>/dev/null | { exec 0<&-; sleep 0.05; }; echo "${PIPESTATUS[0]}" > "$W/st"
check test "$(cat "$W/st")" = 1

# msgq one-client: server in a namespace, wait for "ready", then the client in the same namespace
key=$((0x40000000 + RANDOM))
cat > "$W/one.sh" <<SH
"$MQ/msg_server" $key 1 > $W/server.out &
srv=\$!
until grep -q '^ready\$' $W/server.out 2>/dev/null; do sleep 0.001; done
"$MQ/msg_client" $key "hello server" > $W/client.out; cst=\$?
wait \$srv; sst=\$?
echo "\$cst \$sst" > $W/mq.st
SH
chmod 644 "$W/one.sh"; chown 65534 "$W"
ns sh "$W/one.sh" 2>/dev/null
check test "$(cat "$W/mq.st")" = "0 0"
check test "$(cat "$W/client.out")" = "I received: hello server"
check grep -q "^server: [0-9]* hello server$" "$W/server.out"
check test -z "$(ipcs -q | grep -i "$(printf '0x%08x' $key)")"
exit $fail
