package web

import (
	"github.com/hcnet/hcnet/internal/i18n"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// reasonWords says why a record waits or was refused (the node's
// DeliveryRecord.reason, in English for hcctl) in tr's language. The
// node builds each reason from its hub's name and last error, which st
// holds, so each is recognised by building it again; a reason not
// recognised (the status changed between the two calls) is shown as the
// node gave it.
func reasonWords(tr *i18n.Translator, reason string, st *hcnetv1.GetStatusResponse) string {
	if reason == "" {
		return ""
	}
	hub := st.GetHub()
	name := hub.GetHubName()
	if name == "" {
		name = hub.GetHubAddr()
	}
	lastErr := st.GetLastError()
	said, saidIn := "", ""
	if lastErr != "" {
		said = " The hub's last answer: " + lastErr
		saidIn = " " + tr.T("The hub's last answer: {{.Answer}}", "Answer", lastErr)
	}
	switch reason {
	case "this server has no link to a hub: it serves the city's records only", "the node has not joined a hub yet":
		return tr.T(reason)
	case "the hub " + name + " turned the city's application down; its coordinator can still admit the city." + said:
		return tr.T("the hub {{.Hub}} turned the city's application down; its coordinator can still admit the city.", "Hub", name) + saidIn
	case "the hub " + name + " withdrew the city's membership and refuses its records." + said:
		return tr.T("the hub {{.Hub}} withdrew the city's membership and refuses its records.", "Hub", name) + saidIn
	case "waiting for the coordinator of " + name + " to approve the city":
		return tr.T("waiting for the coordinator of {{.Hub}} to approve the city", "Hub", name)
	case "the hub " + name + " did not take it: " + lastErr:
		return tr.T("the hub {{.Hub}} did not take it: {{.Answer}}", "Hub", name, "Answer", lastErr)
	case "the last attempt to deliver failed: " + lastErr:
		return tr.T("the last attempt to deliver failed: {{.Answer}}", "Answer", lastErr)
	case "the node is not connected to " + name + " just now; it keeps trying":
		return tr.T("the node is not connected to {{.Hub}} just now; it keeps trying", "Hub", name)
	case "on its way to " + name:
		return tr.T("on its way to {{.Hub}}", "Hub", name)
	}
	return reason
}
