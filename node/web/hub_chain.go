package web

import (
	"net/http"

	"github.com/hcnet/hcnet/internal/hubchain"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// chainData is where one shared record stands up the chain of hubs.
type chainData struct {
	Title, Kind, Visibility string
	Version                 int64
	Hubs                    []chainRow
	// Note says why the walk stopped where it did, if it did by design.
	Note string
}

// chainRow is one hub and what it holds, in the reader's words.
type chainRow struct {
	Name, Addr, Holds, Light string
}

// dialHub reaches a hub as the node does (Options.DialHub), else in
// plaintext as a node without hub TLS does.
func (h *Handler) dialHub(addr string) (*grpc.ClientConn, error) {
	if h.opts.DialHub != nil {
		return h.opts.DialHub(addr)
	}
	return grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

// hubChain asks each hub up the chain which version of a shared record
// it holds, as hcctl record status does.
func (h *Handler) hubChain(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ctx, cancel := h.call(r)
	defer cancel()
	tr := h.tr(r)
	ds, err := h.city.ListDeliveries(ctx, &hcnetv1.ListDeliveriesRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var found *hcnetv1.Delivery
	for _, x := range ds.GetDeliveries() {
		if x.GetId() == id && !x.GetWithdrawal() {
			found = x
		}
	}
	if found == nil {
		h.sessions.SetFlash(h.sessions.Get(r), tr.T("No shared record {{.ID}} is on its way to the hub; private records and partners are not sent on their own.", "ID", id))
		http.Redirect(w, r, "/hub", http.StatusSeeOther)
		return
	}
	v := found.GetVisibility()
	d := chainData{Title: found.GetTitle(), Kind: nounOf(tr, record.Kind(found.GetKind())), Version: found.GetVersion(),
		Visibility: tr.Term(webui.TermID(v.Descriptor(), record.ShortName(v)), webui.Words(record.ShortName(v)))}
	if d.Title == "" {
		d.Title = d.Kind + " " + id
	}
	st, err := h.city.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	city, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	addr := st.GetHub().GetHubAddr()
	if addr == "" {
		d.Note = tr.T("The node has not joined a hub.")
	} else {
		qualified := city.GetCity().GetCountry() + "/" + city.GetCity().GetId() + "/" + id
		hubs, parent := hubchain.Walk(ctx, h.dialHub, addr, qualified, v)
		for _, x := range hubs {
			d.Hubs = append(d.Hubs, h.chainRow(r, x, found.GetVersion()))
		}
		if v == hcnetv1.Visibility_VISIBILITY_NETWORK {
			d.Note = tr.T("Network records stop at the city's own hub by design.")
			if parent != "" {
				d.Note = tr.T("Network records stop at the city's own hub by design; they are not forwarded to its parent {{.Parent}}.", "Parent", parent)
			}
		}
	}
	h.pages.Render(w, http.StatusOK, "hub-chain", h.page(r, "/hub", tr.T("Up the chain: {{.Title}}", "Title", d.Title), d))
}

func (h *Handler) chainRow(r *http.Request, x hubchain.Holding, version int64) chainRow {
	tr := h.tr(r)
	row := chainRow{Name: x.Name, Addr: x.Addr}
	if row.Name == "" {
		row.Name = x.ID
	}
	if row.Name == "" {
		row.Name = x.Addr
	}
	switch {
	case x.Error != "":
		row.Light, row.Holds = "red", tr.T("unknown: {{.Reason}}", "Reason", x.Error)
	case !x.Held:
		row.Light, row.Holds = "amber", tr.T("not held")
	case x.Version == version:
		row.Light, row.Holds = "green", tr.T("version {{.Version}} (current)", "Version", x.Version)
	case x.Version < version:
		row.Light, row.Holds = "amber", tr.T("version {{.Version}} (behind the node's {{.Node}})", "Version", x.Version, "Node", version)
	default:
		row.Light, row.Holds = "amber", tr.T("version {{.Version}} (ahead of the node's)", "Version", x.Version)
	}
	return row
}
