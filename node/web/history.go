package web

import (
	"net/http"
	"time"

	"github.com/hcnet/hcnet/internal/actor"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// historyLimit is how many changes a record's page lists: the recent
// ones an officer asks about ("who changed this last week?").
const historyLimit = 20

// historyLine is one change as a page shows it.
type historyLine struct {
	Who, What string
	When      time.Time
	Version   int64
}

// history is a record's recent changes for its page; Unread says the node
// could not give them, which the page says instead of showing none.
type history struct {
	Lines  []historyLine
	Unread bool
}

// actionWords are the changes in English; the vocabulary says them in
// the reader's language.
var actionWords = map[hcnetv1.ChangeAction]string{
	hcnetv1.ChangeAction_CHANGE_ACTION_CREATE:      "created",
	hcnetv1.ChangeAction_CHANGE_ACTION_UPDATE:      "changed",
	hcnetv1.ChangeAction_CHANGE_ACTION_DELETE:      "deleted",
	hcnetv1.ChangeAction_CHANGE_ACTION_MEASUREMENT: "measurement recorded",
}

// history reads a record's recent changes. A failure leaves the rest of
// the page readable: the history is one section of it.
func (h *Handler) history(r *http.Request, kind record.Kind, id string) history {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: string(kind), Id: id, PageSize: historyLimit})
	if err != nil {
		h.log.Warn("web page: read a record's history", "kind", kind, "id", id, "err", err)
		return history{Unread: true}
	}
	tr := h.tr(r)
	var out history
	for _, c := range res.GetChanges() {
		who := c.GetActor()
		switch who {
		case "":
			who = tr.T("the node itself")
		case actor.Token:
			who = tr.T(actor.Token)
		}
		a := c.GetAction()
		what := tr.Term(webui.TermID(a.Descriptor(), record.ShortName(a)), actionWords[a])
		out.Lines = append(out.Lines, historyLine{Who: who, What: what, When: c.GetTime().AsTime(), Version: c.GetVersion()})
	}
	return out
}
