#!/bin/sh
# Entrypoint of the hcnet image: `hcnode` or `hchub` initialises the data
# folder ($HCNET_DIR) on first start from HCNET_INIT_* variables, then runs
# the daemon, which reads its settings from HCNET_* variables and
# $HCNET_DIR/hcnode.toml or hchub.toml. `health` asks the running daemon's
# /readyz (the image's HEALTHCHECK). Anything else runs as given
# (`hcctl ...`, `sh`).
set -eu

: "${HCNET_DIR:=/data}"
export HCNET_DIR

# Started as root: hand the data folder to hcnet (a bind mount Docker
# made is root's) and go on as hcnet. Nothing else runs as root.
# Anything in it not hcnet's (a file `docker exec` wrote as root, say) is
# handed over too.
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$HCNET_DIR"
	if [ -n "$(find "$HCNET_DIR" ! -user 10001 | head -n 1)" ]; then
		chown -R hcnet:hcnet "$HCNET_DIR"
		chmod 0700 "$HCNET_DIR"
	fi
	exec su-exec hcnet:hcnet "$0" "$@"
fi

need() {
	eval "v=\${$1:-}"
	if [ -z "$v" ]; then
		echo "hcnet-entrypoint: set $1 to initialise $HCNET_DIR" >&2
		exit 2
	fi
}

case "${1:-}" in
hcnode)
	shift
	if [ ! -f "$HCNET_DIR/hcnode.db" ]; then
		need HCNET_INIT_CITY
		need HCNET_INIT_NAME
		need HCNET_INIT_COUNTRY
		hcnode init --dir "$HCNET_DIR" --city "$HCNET_INIT_CITY" --name "$HCNET_INIT_NAME" --country "$HCNET_INIT_COUNTRY"
	fi
	: "${HCNET_LISTEN:=0.0.0.0:7400}"
	: "${HCNET_METRICS:=0.0.0.0:9400}"
	: "${HCNET_HTTP:=0.0.0.0:8400}"
	export HCNET_LISTEN HCNET_METRICS HCNET_HTTP
	exec hcnode run "$@"
	;;
hchub)
	shift
	# By its identity, not hub.db: a folder whose hub.db is lost must
	# reach hchub run, which says how to recover it, not init.
	if [ ! -f "$HCNET_DIR/identity.nk" ]; then
		need HCNET_INIT_ID
		need HCNET_INIT_NAME
		hchub init --dir "$HCNET_DIR" --id "$HCNET_INIT_ID" --name "$HCNET_INIT_NAME" \
			--level "${HCNET_INIT_LEVEL:-national}" \
			${HCNET_INIT_COUNTRY:+--country "$HCNET_INIT_COUNTRY"} \
			${HCNET_INIT_PARENT:+--parent "$HCNET_INIT_PARENT"}
	fi
	: "${HCNET_LISTEN:=0.0.0.0:7500}"
	: "${HCNET_METRICS:=0.0.0.0:9500}"
	: "${HCNET_HTTP:=0.0.0.0:8500}"
	export HCNET_LISTEN HCNET_METRICS HCNET_HTTP
	exec hchub run "$@"
	;;
health)
	# The health check runs beside the daemon, without the defaults set
	# above, so it tells the daemon by its data folder. Not by hub.db
	# alone: a hub's hub.db can be lost (hchub recover rebuilds it), and a
	# hub without it would be checked on a node's port. A hub's folder
	# also holds its record stream, address file or config file; a node's
	# folder never lacks hcnode.db while the node runs.
	port=
	for f in hcnode.db node.addr hcnode.toml; do
		if [ -e "$HCNET_DIR/$f" ]; then port=9400; fi
	done
	for f in hub.db hub.addr nats hchub.toml; do
		if [ -e "$HCNET_DIR/$f" ]; then port=9500; fi
	done
	if [ -n "${HCNET_METRICS:-}" ]; then
		port=${HCNET_METRICS##*:}
	fi
	if [ -z "$port" ]; then
		echo "hcnet-entrypoint: $HCNET_DIR holds neither a node's nor a hub's files; set HCNET_METRICS to the daemon's metrics address" >&2
		exit 1
	fi
	exec wget -q -O /dev/null "http://127.0.0.1:$port/readyz"
	;;
*)
	exec "$@"
	;;
esac
