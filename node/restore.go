package node

import (
	"context"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// RestoredSetting is the settings key `hcctl restore` writes into a
// node's database as it puts a backup back, with the time (RFC 3339) the
// backup took the place of the database. Until the node has compared
// with its hub, a record written since may have taken a version number
// the hub holds with the content lost with the newer database; the
// first sync treats those records as suspect (reconcile.Pair.Suspect)
// and clears the setting.
const RestoredSetting = "restored_time"

// restoreSyncPoll is how often a node restored from a backup checks
// whether it reaches its hub, to compare as soon as it does.
const restoreSyncPoll = 5 * time.Second

// restoredAt is when the database was restored from a backup, if it has
// not compared with its hub since.
func (s *Store) restoredAt(ctx context.Context) (time.Time, bool, error) {
	v, err := s.Setting(ctx, RestoredSetting)
	if err != nil || v == "" {
		return time.Time{}, false, err
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		// An unreadable time: every shared record counts as written
		// since, which costs a version each and loses nothing.
		return time.Time{}, true, nil
	}
	return t, true, nil
}

// syncAfterRestore compares with the hub as soon as the node, restored
// from a backup, is an approved member connected to it, instead of at
// the next SyncInterval: the shorter the time to the first comparison,
// the fewer writes land on versions the hub has seen.
func (n *Node) syncAfterRestore(ctx context.Context) {
	t := time.NewTicker(restoreSyncPoll)
	defer t.Stop()
	for {
		if _, restored, err := n.Store.restoredAt(ctx); err == nil && !restored {
			return
		}
		st, err := n.Sharing.Status(ctx)
		if err == nil && st.GetConnected() && st.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
			res, err := syncWithHub(ctx, n.Store, n.Sharing, nil)
			if err == nil {
				n.log.Info("compared with the hub after a restore from a backup", "total", res.Total, "already_present", res.AlreadyPresent, "repaired", res.Repaired)
				return
			}
			n.log.Warn("comparing with the hub after a restore from a backup", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
