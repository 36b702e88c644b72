package web

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// kindPage is what a record's page shows of one kind of record, beyond
// the title and provenance every record's page has: the record registry
// (internal/record) says what the kind is, this says how the hub shows
// it. Each kind's builder sits in its own file, view_<kind>.go.
type kindPage struct {
	// page is the template (templates/pages/PAGE.html).
	page string
	// noun is one record of the kind in words, plural the heading of the
	// kind's records on a city's page ("" for the city's profile, which
	// is the page itself).
	noun, plural string
	// namedBy are the kinds of the city's records that may name a record
	// of this kind (a plan or a practice names its partnerships): the page
	// lists those that do.
	namedBy []record.Kind
	// build reads what the page shows besides the record itself (the
	// records it names, the endorsements of a success) into the value
	// the template finds as .Data.View.
	build func(ctx context.Context, l *linker, res *hcnetv1.GetRecordResponse, m proto.Message) (any, error)
}

// view types a kind's builder by the record it shows, as the registry's
// own entries are typed.
func view[T proto.Message](page, noun, plural string, build func(ctx context.Context, l *linker, res *hcnetv1.GetRecordResponse, r T) (any, error), namedBy ...record.Kind) kindPage {
	return kindPage{page: page, noun: noun, plural: plural, namedBy: namedBy, build: func(ctx context.Context, l *linker, res *hcnetv1.GetRecordResponse, m proto.Message) (any, error) {
		return build(ctx, l, res, m.(T))
	}}
}

// kindPages has a page for every kind a hub holds (record.SharedKinds;
// a test keeps them in step). It is filled in init because a city's page
// lists the city's records by the other kinds' pages.
var kindPages map[record.Kind]kindPage

func init() {
	kindPages = map[record.Kind]kindPage{
		record.KindCity:        view("city", "city profile", "", buildCity),
		record.KindPartnership: view("partnership", "partnership", "Partnerships", buildPartnership, record.KindHealthPlan, record.KindPractice, record.KindSuccess),
		record.KindHealthPlan:  view("plan", "health plan", "Health plans", buildPlan),
		record.KindIndicator:   view("indicator", "indicator", "Indicators", buildIndicator, record.KindPractice),
		record.KindPractice:    view("practice", "practice", "Practices", buildPractice),
		record.KindSuccess:     view("success", "success", "Successes", buildSuccess),
		record.KindEndorsement: view("endorsement", "endorsement", "Endorsements", buildEndorsement),
	}
}

// pageOf is the page of a kind by its stored name; ok is false for a
// kind this build does not know.
func pageOf(kind string) (kindPage, bool) {
	kp, ok := kindPages[record.Kind(kind)]
	return kp, ok
}
