#!/bin/sh
# Entrypoint of the hcnet image: `hcnode` or `hchub` initialises the data
# folder ($HCNET_DIR) on first start from HCNET_INIT_* variables, then runs
# the daemon, which reads its settings from HCNET_* variables and
# $HCNET_DIR/hcnode.toml or hchub.toml. Anything else runs as given
# (`hcctl ...`, `sh`).
set -eu

: "${HCNET_DIR:=/data}"
export HCNET_DIR

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
	export HCNET_LISTEN
	exec hcnode run "$@"
	;;
hchub)
	shift
	if [ ! -f "$HCNET_DIR/hub.db" ]; then
		need HCNET_INIT_ID
		need HCNET_INIT_NAME
		hchub init --dir "$HCNET_DIR" --id "$HCNET_INIT_ID" --name "$HCNET_INIT_NAME" \
			--level "${HCNET_INIT_LEVEL:-national}" \
			${HCNET_INIT_COUNTRY:+--country "$HCNET_INIT_COUNTRY"} \
			${HCNET_INIT_PARENT:+--parent "$HCNET_INIT_PARENT"}
	fi
	: "${HCNET_LISTEN:=0.0.0.0:7500}"
	export HCNET_LISTEN
	exec hchub run "$@"
	;;
*)
	exec "$@"
	;;
esac
