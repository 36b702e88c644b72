package main

import (
	"text/template"
)

var welcomeText = template.Must(template.New("welcome").Parse(`
hcnet demo: the national hub {{.F.Hub.Info.GetName}} ({{.F.Hub.Info.GetId}}) and {{len .F.Cities}} city nodes are running.

  hub (gRPC):     {{.F.HubAddr}}
  hub (NATS):     {{.F.Hub.Info.GetNatsUrl}}
  hub folder:     {{.F.HubDir}}
{{range .F.Cities}}  {{printf "%-15s" (print .Spec.ID ":")}} {{.Addr}}   {{.Dir}}
{{end}}  data folder:    {{.F.Root}}{{if not .Keep}}   (removed when the demo stops; --keep keeps it){{end}}

Every city loaded sample data (partners, partnerships, a health plan with
indicators, good practices, a success) and shared its network and public
records with the hub. Try, in another terminal:

  # a city, as its officers see it
  go run ./cmd/hcctl --dir {{.First.Dir}} partnership list
  go run ./cmd/hcctl --dir {{.First.Dir}} practice list -o json
  go run ./cmd/hcctl --dir {{.First.Dir}} status

  # the network, as its coordinator sees it
  go run ./cmd/hcctl hub --hub {{.F.HubAddr}} search "promenad*"
  go run ./cmd/hcctl hub --hub {{.F.HubAddr}} search "walking groups" --sdg 3
  go run ./cmd/hcctl hub --hub {{.F.HubAddr}} stats
  go run ./cmd/hcctl hub --hub {{.F.HubAddr}} find-partners --topic "walking"
  go run ./cmd/hcctl --dir {{.F.HubDir}} hub --hub {{.F.HubAddr}} members

{{if or .F.HubWeb .F.CityWeb}}or in a browser:
{{with .F.HubWeb}}
  the network (hub):  {{.URL}}{{end}}{{with .F.CityWeb}}
  {{printf "%-18s" (print $.First.Spec.ID " (city):")}} {{.URL}}
      sign in with its admin token: cat {{$.First.Dir}}/admin.token{{end}}

{{end}}or any gRPC tool, through reflection:

  grpcurl -plaintext {{.F.HubAddr}} list
  grpcurl -plaintext -H "authorization: Bearer $(cat {{.First.Dir}}/admin.token)" {{.First.Addr}} hcnet.v1.CityService/ListPartnerships

Press Ctrl-C to stop.
`))

func (m *Main) printWelcome(f *Federation, keep bool) error {
	return welcomeText.Execute(m.stdout, struct {
		F     *Federation
		First *City
		Keep  bool
	}{f, f.Cities[0], keep})
}
