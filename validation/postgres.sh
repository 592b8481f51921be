# Sourced by apply.sh, cache.sh, conflicts.sh, cputail.sh, hintbits.sh, hotrow.sh, replay.sh and walsender.sh: postgres_setup NAME checks for
# root (the servers run as the postgres system user, since initdb refuses
# root), finds PostgreSQL's newest versioned bin directory or installs
# Debian's postgresql, makes a work directory the postgres user owns and
# stops every server under it, and removes it, on exit. It sets pgbin,
# runas and work; as_pg runs a command as that user at the caller's
# nice_n; postgres_primary starts a primary at $work/db on $port,
# postgres_standby a streaming standby of it and streaming waits for them;
# sql runs a statement; log prints a timestamped line.

postgres_setup() {
	if [ "$(id -u)" != 0 ]; then
		echo "$1: run as root (it runs the servers as the postgres user)" >&2
		exit 2
	fi
	pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	if [ -z "$pgbin" ]; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
		pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	fi
	runas=postgres
	work=$(mktemp -d "/tmp/pgarch-$1.XXXXXX")
	chown "$runas": "$work"
	trap postgres_cleanup EXIT
}

postgres_cleanup() {
	for d in "$work"/db "$work"/standby*; do
		[ -d "$d" ] && as_pg "$pgbin/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}

# postgres_primary initialises and starts a primary at $work/db on $port,
# its postgresql.conf settings read from stdin, replication connections
# from loopback allowed.
postgres_primary() {
	postgres_cluster db "$port"
}

# postgres_cluster NAME PORT initialises and starts a cluster at
# $work/NAME on PORT, its postgresql.conf settings read from stdin,
# replication connections from loopback allowed (postgres_cleanup stops
# db and standby*).
postgres_cluster() {
	as_pg "$pgbin/initdb" -D "$work/$1" -A trust -U postgres --no-sync >/dev/null
	{
		echo "listen_addresses = '127.0.0.1'"
		echo "unix_socket_directories = '$work'"
		echo "port = $2"
		cat
	} >>"$work/$1/postgresql.conf"
	echo "host replication postgres 127.0.0.1/32 trust" >>"$work/$1/pg_hba.conf"
	as_pg "$pgbin/pg_ctl" -D "$work/$1" -l "$work/$1.log" -w start >/dev/null
}

# postgres_standby NAME PORT starts a streaming standby of the primary at
# $work/NAME on PORT, its application_name NAME, streaming over TCP from
# 127.0.0.1 or, where standby_host names the socket directory ($work),
# over a Unix socket.
postgres_standby() {
	log "$1: pg_basebackup"
	as_pg "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$work/$1" -R -X stream -c fast >/dev/null
	# pg_basebackup -R writes its own primary_conninfo to
	# postgresql.auto.conf, which postgresql.conf does not override: this
	# one comes after it.
	echo "port = $2" >>"$work/$1/postgresql.conf"
	echo "primary_conninfo = 'host=${standby_host:-127.0.0.1} port=$port user=postgres application_name=$1'" >>"$work/$1/postgresql.auto.conf"
	as_pg "$pgbin/pg_ctl" -D "$work/$1" -l "$work/$1.log" -w start >/dev/null
}

# streaming N waits, up to a minute, until N standbys stream from the
# primary, and fails if they do not.
streaming() {
	for _ in $(seq 60); do
		[ "$(sql "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = "$1" ] && return
		sleep 1
	done
	echo "fewer than $1 standbys stream after a minute" >&2
	return 1
}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# sql runs one statement on the server at port $2 (default $port).
sql() { as_pg "$pgbin/psql" -X -qAt -h 127.0.0.1 -p "${2:-$port}" -d postgres -c "$1"; }

# setting sets a reloadable parameter $1 to $2 on the server at $port.
setting() {
	sql "ALTER SYSTEM SET $1 = $2" >/dev/null
	sql "SELECT pg_reload_conf()" >/dev/null
}

as_pg() { nice -n "$nice_n" runuser -u "$runas" -- "$@"; }
