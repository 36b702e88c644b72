package node

import (
	"crypto/tls"
	"log/slog"

	"github.com/hcnet/hcnet/internal/rpcserver"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
)

// NewGRPCServer serves the CityService; every CityService call needs the
// admin token. Health checks and reflection stay open so probes and
// generic tools can see the node is up and what it speaks, but not its data.
func NewGRPCServer(svc *Service, token string, log *slog.Logger) (*grpc.Server, *health.Server) {
	return newGRPCServer(svc, token, log, nil)
}

// newGRPCServer is NewGRPCServer with TLS (nil: plaintext).
func newGRPCServer(svc *Service, token string, log *slog.Logger, tlsCfg *tls.Config) (*grpc.Server, *health.Server) {
	s, h := rpcserver.New(rpcserver.Config{
		TLS:        tlsCfg,
		Log:        log,
		Token:      token,
		NeedsToken: rpcserver.ServicePrefix(hcnetv1.CityService_ServiceDesc.ServiceName),
	})
	hcnetv1.RegisterCityServiceServer(s, svc)
	return s, h
}
