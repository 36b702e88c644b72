# syntax=docker/dockerfile:1
# hcnet: hcnode, hchub and hcctl as static binaries in one small image
# (hcdemo and hcbench are for a developer's machine and stay out of it). Build with the version stamped into --version:
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t hcnet .
# Run (see compose.yaml and README, "Containers"):
#   docker run -v hcnode-data:/data -e HCNET_INIT_CITY=malmo -e HCNET_INIT_NAME=Malmö \
#     -e HCNET_INIT_COUNTRY=se -p 127.0.0.1:7400:7400 hcnet hcnode

ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so a source change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=devel
# CGO off: modernc.org/sqlite is pure Go, so the binaries are static and
# need nothing from the runtime image.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/hcnet/hcnet/internal/version.Version=${VERSION}" \
      -o /out/ ./cmd/hcnode ./cmd/hchub ./cmd/hcctl \
 && /out/hcnode --version

# Alpine rather than distroless: the entrypoint initialises the data folder
# on first start with a few lines of sh, and busybox wget serves as a
# health probe on the metrics port (/readyz).
# The entrypoint starts as root only to give a bind-mounted /data (which
# Docker creates owned by root) to the user hcnet, then runs everything
# as hcnet through su-exec.
FROM alpine:3.22
RUN apk add --no-cache su-exec \
 && addgroup -S -g 10001 hcnet \
 && adduser -S -D -H -u 10001 -G hcnet -h /data hcnet \
 && install -d -o hcnet -g hcnet -m 0700 /data
COPY --from=build /out/ /usr/local/bin/
COPY packaging/docker/entrypoint.sh /usr/local/bin/hcnet-entrypoint
# Every run setting is an HCNET_ variable (README, "Configuration"). In a
# container the daemons listen on every interface; publish the ports on
# the host's loopback unless TLS is in front: the admin token is the only
# lock.
ENV HCNET_DIR=/data \
    HCNET_LOG_FORMAT=json
VOLUME ["/data"]
# hcnode gRPC, hchub gRPC, hchub's embedded NATS, metrics (node, hub),
# web pages (node, hub; the hub's carry the Atom feed).
EXPOSE 7400 7500 4222 9400 9500 8400 8500
# Ready while the daemon's gRPC health is SERVING: /readyz on its metrics
# address (the entrypoint serves it on 9400 or 9500 unless HCNET_METRICS
# says otherwise).
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/hcnet-entrypoint", "health"]
ENTRYPOINT ["/usr/local/bin/hcnet-entrypoint"]
CMD ["hcnode"]
