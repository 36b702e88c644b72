package main

import (
	"text/template"
)

var welcomeText = template.Must(template.New("welcome").Parse(`
hcnet demo: a regional hub, {{len .F.Nationals}} national hubs and {{len .F.Cities}} city nodes are running.

  {{printf "%-15s" (print .F.Regional.Hub.Info.GetId ":")}} {{.F.Regional.Addr}}   {{.F.Regional.Dir}}   (regional: {{.F.Regional.Hub.Info.GetName}}; account {{$.Coordinator}}, password {{.F.Regional.CoordinatorPassword}})
{{range .F.Nationals}}  {{printf "%-15s" (print .Hub.Info.GetId ":")}} {{.Addr}}   {{.Dir}}   (national, NATS {{.Hub.Info.GetNatsUrl}}; account {{$.Coordinator}}, password {{.CoordinatorPassword}})
{{end}}{{range .F.Cities}}  {{printf "%-15s" (print .Spec.ID ":")}} {{.Addr}}   {{.Dir}}   (account {{$.Admin}}, password {{.AdminPassword}})
{{end}}  data folder:    {{.F.Root}}{{if not .Keep}}   (removed when the demo stops; --keep keeps it){{end}}

Every city loaded sample data (partners, partnerships, a health plan with
indicators, good practices, a success) and shared its network and public
records with its national hub, which forwarded the public ones to the
regional hub. Try, in another terminal:

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

  # the region: public practices from every country, with their paths
  go run ./cmd/hcctl hub --hub {{.F.Regional.Addr}} search "walk*"
  go run ./cmd/hcctl hub --hub {{.F.Regional.Addr}} stats
  go run ./cmd/hcctl feed --hub {{.F.Regional.Addr}} --sdg 3

{{if or .F.HubWeb .F.RegionalWeb .F.CityWeb}}or in a browser:
{{with .F.HubWeb}}
  {{printf "%-18s" (print $.F.Hub.Info.GetId " (hub):")}} {{.URL}}
      sign in as {{$.Coordinator}}, password {{(index $.F.Nationals 0).CoordinatorPassword}}{{end}}{{with .F.RegionalWeb}}
  {{printf "%-18s" (print $.F.Regional.Hub.Info.GetId " (hub):")}} {{.URL}}
      sign in as {{$.Coordinator}}, password {{$.F.Regional.CoordinatorPassword}}{{end}}{{with .F.CityWeb}}
  {{printf "%-18s" (print $.First.Spec.ID " (city):")}} {{.URL}}
      sign in as {{$.Admin}}, password {{$.First.AdminPassword}}{{end}}

{{end}}or any gRPC tool, through reflection:

  grpcurl -plaintext {{.F.HubAddr}} list
  grpcurl -plaintext -H "authorization: Bearer $(cat {{.First.Dir}}/admin.token)" {{.First.Addr}} hcnet.v1.CityService/ListPartnerships

Press Ctrl-C to stop.
`))

func (m *Main) printWelcome(f *Federation, keep bool) error {
	return welcomeText.Execute(m.stdout, struct {
		F                  *Federation
		First              *City
		Keep               bool
		Admin, Coordinator string
	}{f, f.Cities[0], keep, demoAdmin, demoCoordinator})
}
