package webui

import (
	"errors"
	"strings"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/grpc/status"
)

// Refusals is Violations with each violation's message and values, as
// the API sent them beside its English, so a page can say them in its
// reader's language (Said); ok is false for errors other than
// INVALID_ARGUMENT.
func Refusals(err error) (vs record.Violations, msg string, ok bool) {
	if _, msg, ok = Violations(err); !ok {
		return nil, "", false
	}
	var se interface{ GRPCStatus() *status.Status }
	errors.As(err, &se)
	return errs.FromDetails(se.GRPCStatus().Details()), msg, true
}

// Said is a violation in tr's language: its message translated when the
// API sent one, else the API's English. label names a field of the form
// by its path ("health_plan.period_start_year" → "First year"), so a
// message that names another field names it as the reader sees it; an
// empty label keeps the field's API name.
func Said(tr *i18n.Translator, v record.Violation, label func(path string) string) string {
	m := v.Message
	if m.ID == "" {
		return v.Description
	}
	kv := NameKinds(tr, m.Pairs())
	if other, ok := m.Arg(record.FieldArg); ok && label != nil {
		sibling := other
		if dot := strings.LastIndexByte(v.Field, '.'); dot >= 0 {
			sibling = v.Field[:dot+1] + other
		}
		if l := label(sibling); l != "" {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == record.FieldArg {
					kv[i+1] = l
				}
			}
		}
	}
	if words, ok := enumChoices(tr, m); ok {
		setArg(kv, "Values", words)
	}
	return tr.T(m.ID, kv...)
}
