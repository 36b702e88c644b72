package node

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// TestImportOfAnotherKindIsADeclaredRefusal: a row of another kind than
// the import's keeps its English for hcctl and carries a message a page
// says in its reader's words, the kind named as the pages name it.
func TestImportOfAnotherKindIsADeclaredRefusal(t *testing.T) {
	s, _ := openTestStore(t)
	rows := []proto.Message{
		partner("Region Skåne", hcnetv1.Sector_SECTOR_HEALTH),
		&hcnetv1.HealthPlan{Title: "City health plan"},
	}
	_, err := s.Import(context.Background(), record.KindPartner, rows)
	vs := errs.ViolationsOf(err)
	if len(vs) != 1 || vs[0].Field != "[1]" {
		t.Fatalf("violations %v, want one of row [1]", vs)
	}
	if vs[0].Description != "is not a partner" {
		t.Errorf("the API's English %q", vs[0].Description)
	}
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"sv": "är inte av typen partner", "de": "ist nicht vom Typ Partner", "en": "is not a partner"} {
		if got := webui.Said(words.In(lang), vs[0], nil); got != want {
			t.Errorf("in %s %q, want %q", lang, got, want)
		}
	}
}
