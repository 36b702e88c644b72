package record

import (
	"net/mail"
	"strconv"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// ContactPoint checks a contact point a city chose to publish with a
// record. It is the one way a person's name may leave the node, so a
// named person must have agreed, and the day they did is kept with it;
// a mailbox names nobody and so has no such day.
func (c Checker) ContactPoint(name string, cp *hcnetv1.ContactPoint) {
	if cp == nil {
		return
	}
	s := c.At(name)
	s.Enum("kind", cp.GetKind(), true)
	person := cp.GetKind() == hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON
	s.Text("name", cp.GetName(), MaxShort, person)
	s.Text("role", cp.GetRole(), MaxShort, false)
	switch e := cp.GetEmail(); {
	case e == "":
		s.Report("email", MsgEmailRequired)
	case len(e) > MaxShort:
		s.Report("email", MsgTooLong, "Length", len(e), "Max", MaxShort)
	default:
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			s.Report("email", MsgNotEmail, "Value", strconv.Quote(e))
		}
	}
	s.Text("phone", cp.GetPhone(), 40, false)
	s.URL("url", cp.GetUrl())
	switch {
	case person:
		if _, ok := s.Date("agreed_date", cp.GetAgreedDate(), false); ok || cp.GetAgreedDate() != "" {
			break
		}
		s.Report("agreed_date", MsgAgreedRequired)
	case cp.GetAgreedDate() != "":
		s.Report("agreed_date", MsgAgreedMailbox)
	}
}
