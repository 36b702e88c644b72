package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

type partnersData struct {
	Form     *webui.Form
	Asked    bool
	Res      *hcnetv1.FindPartnersResponse
	SDGs     []webui.Option
	Settings []webui.Option
}

var partnerLabels = map[string]string{"topic": "Topic", "sdg": "SDG goal", "setting": "Setting"}

// partners is the partner finder: member cities that work on a topic, an
// SDG goal or in a setting, with the records that show it.
func (h *Handler) partners(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tr := h.tr(r)
	label := func(in string) string { return tr.T(partnerLabels[in]) }
	d := partnersData{Form: webui.NewForm(q), Settings: webui.EnumOptions(hcnetv1.Setting(0).Descriptor()), SDGs: webui.SDGOptions(tr)}
	req := &hcnetv1.FindPartnersRequest{Topic: strings.TrimSpace(q.Get("topic")), Limit: 20}
	d.Asked = req.Topic != "" || q.Get("sdg") != "" || q.Get("setting") != ""
	if s := q.Get("sdg"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			d.Form.Add("sdg", label("sdg"), tr.T("must be a goal number from 1 to 17"))
		}
		req.SdgGoal = int32(n)
	}
	setting, err := record.ParseEnum[hcnetv1.Setting](q.Get("setting"))
	if err != nil {
		d.Form.Add("setting", label("setting"), err.Error())
	}
	req.Setting = setting
	code := http.StatusOK
	if d.Asked && !d.Form.HasErrors() {
		ctx, cancel := h.call(r)
		defer cancel()
		res, err := h.hub.FindPartners(ctx, req)
		if vs, msg, ok := webui.Refusals(err); ok {
			for _, v := range vs {
				in := map[string]string{"topic": "topic", "sdg_goal": "sdg", "setting": "setting"}[v.Field]
				if in == "" {
					in = "topic"
				}
				d.Form.Add(in, label(in), webui.Said(tr, v, nil))
			}
			if len(vs) == 0 {
				d.Form.Add("topic", label("topic"), msg)
			}
			code = http.StatusBadRequest
		} else if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Res = res
	}
	if d.Form.HasErrors() {
		code = http.StatusBadRequest
	}
	h.pages.Render(w, code, "partners", h.page(r, "/partners", tr.T("Partner finder"), d))
}
