package webui

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// refusedPlan is what a node answers to a plan whose period ends before
// it starts, as a page's gRPC client receives it.
func refusedPlan(t *testing.T) error {
	t.Helper()
	vs := record.Validate("health_plan", &hcnetv1.HealthPlan{Title: "P", PeriodStartYear: 2030, PeriodEndYear: 2025,
		Status: hcnetv1.PlanStatus_PLAN_STATUS_DRAFT, Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE})
	vs = append(vs, record.Violation{Field: "page_token", Description: "is not a page token of this node"})
	return errs.Status(context.Background(), slog.New(slog.DiscardHandler), "/x", errs.InvalidFields("", vs))
}

func TestSaidTranslatesAndNamesTheOtherFieldByItsLabel(t *testing.T) {
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	vs, _, ok := Refusals(refusedPlan(t))
	if !ok || len(vs) != 2 {
		t.Fatalf("refusals %v (ok %v), want the period's and the page token's", vs, ok)
	}
	labels := map[string]string{"health_plan.period_start_year": "Första året"}
	label := func(path string) string { return labels[path] }
	sv := words.In("sv")
	for _, tt := range []struct {
		title string
		v     record.Violation
		label func(string) string
		want  string
	}{
		{"with the form's label", vs[0], label, "2025 är före ”Första året” (2030)"},
		{"a field the form has no label for keeps its API name", vs[0], func(string) string { return "" }, "2025 är före ”period_start_year” (2030)"},
		{"without labels", vs[0], nil, "2025 är före ”period_start_year” (2030)"},
		{"English only stays English", vs[1], label, "is not a page token of this node"},
	} {
		if got := Said(sv, tt.v, tt.label); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.title, got, tt.want)
		}
	}
	if got := Said(words.In(i18n.English), vs[0], nil); got != vs[0].Description {
		t.Errorf("English without labels: %q, want the API's %q", got, vs[0].Description)
	}
}

func TestRefusalsOnlyForInvalidArgument(t *testing.T) {
	if _, _, ok := Refusals(errors.New("not a status")); ok {
		t.Error("a plain error is taken for a refusal")
	}
	notFound := errs.Status(context.Background(), slog.New(slog.DiscardHandler), "/x", errs.E("op", errs.NotFound, "no such plan"))
	if _, _, ok := Refusals(notFound); ok {
		t.Error("NOT_FOUND is taken for a refusal")
	}
}
