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
	return newGRPCServer(svc, nil, token, log, nil)
}

// newGRPCServer is NewGRPCServer with TLS (nil: plaintext) and, when
// acc is set, the AccountService, which needs the admin token too.
func newGRPCServer(svc *Service, acc *AccountService, token string, log *slog.Logger, tlsCfg *tls.Config) (*grpc.Server, *health.Server) {
	city := rpcserver.ServicePrefix(hcnetv1.CityService_ServiceDesc.ServiceName)
	account := rpcserver.ServicePrefix(hcnetv1.AccountService_ServiceDesc.ServiceName)
	s, h := rpcserver.New(rpcserver.Config{
		TLS:        tlsCfg,
		Log:        log,
		Token:      token,
		NeedsToken: func(m string) bool { return city(m) || account(m) },
	})
	hcnetv1.RegisterCityServiceServer(s, svc)
	if acc != nil {
		hcnetv1.RegisterAccountServiceServer(s, acc)
	}
	return s, h
}
