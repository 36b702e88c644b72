package members

import (
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats-server/v2/server"
)

// SetMembers replaces the member users with the approved ones of members
// (see SetMember); a user no longer listed is disconnected.
func (u *NATSUsers) SetMembers(members []*hcnetv1.Member) error {
	keep := map[string]natsGrant{}
	for _, m := range members {
		if m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
			keep[m.GetPublicKey()] = memberGrant(m)
		}
	}
	u.replace(userMember, keep)
	return nil
}

// SetMember applies one member's status: approved members may publish
// under hcnet.rec.<country>.<city>.> only (a member hub under its
// country's prefix); any other status removes the user and closes its
// connections.
func (u *NATSUsers) SetMember(m *hcnetv1.Member) error {
	if m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		u.set(m.GetPublicKey(), userMember, memberGrant(m))
		return nil
	}
	u.remove(m.GetPublicKey(), userMember)
	return nil
}

// SetSubscribers replaces the feed subscribers' users with the active ones
// of subs (see subscriberPermissions); a revoked one is disconnected.
func (u *NATSUsers) SetSubscribers(subs []*hcnetv1.Subscriber) error {
	keep := map[string]natsGrant{}
	for _, s := range subs {
		if !s.GetRevoked() {
			keep[s.GetPublicKey()] = natsGrant{name: s.GetName(), perms: subscriberPermissions(s.GetName())}
		}
	}
	u.replace(userSubscriber, keep)
	return nil
}

// SetSubscriber applies one subscriber: active, it may read the public
// feed; revoked, its user goes and its connections are closed.
func (u *NATSUsers) SetSubscriber(s *hcnetv1.Subscriber) error {
	if s.GetRevoked() {
		u.remove(s.GetPublicKey(), userSubscriber)
		return nil
	}
	u.set(s.GetPublicKey(), userSubscriber, natsGrant{name: s.GetName(), perms: subscriberPermissions(s.GetName())})
	return nil
}

// memberGrant lets a member in under its country/city and name.
func memberGrant(m *hcnetv1.Member) natsGrant {
	return natsGrant{name: m.GetCountry() + "/" + m.GetCityId() + " (" + m.GetName() + ")", perms: memberPermissions(m)}
}

// memberPermissions: publish under the member's own prefix, receive the
// replies to its own requests (PubAcks) in its own inbox only. Nothing
// else: _INBOX.> would show it every other member's PubAcks and the
// envelopes the hub's ingest pulls, network records among them.
func memberPermissions(m *hcnetv1.Member) *server.Permissions {
	allow := []string{subject.City(m.GetCountry(), m.GetCityId())}
	if m.GetHub() {
		// A member hub forwards its country's cities and vouches for
		// their keys.
		allow = subject.Country(m.GetCountry())
	}
	return &server.Permissions{
		Publish:   &server.SubjectPermission{Allow: allow},
		Subscribe: &server.SubjectPermission{Allow: []string{subject.MemberInbox(m.GetPublicKey()) + ".>"}},
	}
}

// subscriberPermissions let a feed subscriber read the public feed with a
// standard client, live (core subscribe) and from the public stream
// through its own consumer, and nothing else:
//   - subscribe: hcnet.pub.> and the subscriber's own inbox prefix
//     (_INBOX_<name>), never _INBOX.>, where the hub's and members'
//     replies (network records among them) pass;
//   - publish: the JetStream API requests that read the public stream
//     (account and stream info, direct and message get), and those of
//     one consumer of it, named subject.FeedConsumer(name): create,
//     info, delete, next, acks and flow control. Never another name:
//     another subscriber's consumer could be read, drained, changed or
//     deleted. Not the legacy ephemeral create, whose request body, not
//     its subject, names the consumer. Nothing on hcnet.>.
func subscriberPermissions(name string) *server.Permissions {
	const s = subject.PublicStream
	c := subject.FeedConsumer(name)
	return &server.Permissions{
		Publish: &server.SubjectPermission{
			Allow: []string{
				"$JS.API.INFO",
				"$JS.API.STREAM.INFO." + s,
				"$JS.API.STREAM.MSG.GET." + s,
				"$JS.API.DIRECT.GET." + s,
				"$JS.API.DIRECT.GET." + s + ".>",
				"$JS.API.CONSUMER.CREATE." + s + "." + c,
				"$JS.API.CONSUMER.CREATE." + s + "." + c + ".>",
				"$JS.API.CONSUMER.DURABLE.CREATE." + s + "." + c,
				"$JS.API.CONSUMER.MSG.NEXT." + s + "." + c,
				"$JS.API.CONSUMER.INFO." + s + "." + c,
				"$JS.API.CONSUMER.DELETE." + s + "." + c,
				"$JS.ACK." + s + "." + c + ".>",
				"$JS.FC." + s + "." + c + ".>",
			},
			Deny: []string{"hcnet.>"},
		},
		Subscribe: &server.SubjectPermission{
			Allow: []string{subject.PublicRecords, subject.FeedInbox(name) + ".>"},
		},
	}
}
