# Sourced by hintbits.sh, replay.sh and walsender.sh: postgres_setup NAME checks for
# root (the servers run as the postgres system user, since initdb refuses
# root), finds PostgreSQL's newest versioned bin directory or installs
# Debian's postgresql, and makes a work directory the postgres user owns.
# It sets pgbin, runas and work; as_pg runs a command as that user at the
# caller's nice_n.

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
}

as_pg() { nice -n "$nice_n" runuser -u "$runas" -- "$@"; }
