// Package natsserver is a hub's embedded NATS server: nats-server in
// process with JetStream, its store in the hub's data folder, its log
// lines in the hub's slog logger, and the health of that store (why it
// cannot take writes, and starting JetStream again once the disk has
// room). Who may connect, and with which permissions, is decided by the
// Users it is given (members.NATSUsers); package hub builds both and
// hands one to the other.
package natsserver
