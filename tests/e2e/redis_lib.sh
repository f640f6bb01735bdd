# SPDX-License-Identifier: BSD-2-Clause
# redis_lib.sh - sourced by the redis sink tests: a redis-server of the
# test's own on a free loopback port.  The caller's cleanup kills $rpid
# (redis_stop does it too).
#   redis_start DIR [redis-server options...]  sets port and rpid, 0 or 1
#   redis_cli ARGS...  redis-cli on $port (with $redis_auth, -a PASSWORD, if set)

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

redis_cli() {
	if [ -n "${redis_auth:-}" ]; then
		REDISCLI_AUTH=$redis_auth redis-cli -p "$port" "$@"
	else
		redis-cli -p "$port" "$@"
	fi
}

redis_up() {
	out=$(redis_cli ping 2>/dev/null)
	[ "$out" = PONG ]
}

# a free port can be taken between the probe and the bind: try a few
redis_start() {
	dir=$1
	shift
	rpid=""
	for try in 1 2 3 4 5; do
		port=$(free_port)
		redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no \
			"$@" >"$dir/redis.log" 2>&1 &
		rpid=$!
		for i in $(seq 50); do
			redis_up && return 0
			sleep 0.1
		done
		kill "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null; rpid=""
	done
	echo "FAIL: redis-server did not start"
	cat "$dir/redis.log"
	return 1
}

# start again on the same port (a restart: the data is gone, --save '')
redis_restart() {
	dir=$1
	shift
	kill "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
	redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no \
		"$@" >>"$dir/redis.log" 2>&1 &
	rpid=$!
	for i in $(seq 50); do
		redis_up && return 0
		sleep 0.1
	done
	return 1
}
