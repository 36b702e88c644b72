package cli

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/hcnet/hcnet/internal/csvio"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// fetchPartners lists every partner of the node.
func (a *app) fetchPartners(ctx context.Context) ([]*hcnetv1.Partner, error) {
	_, rows, _, err := listAll(ctx, a, partnerKind, &listQuery{all: true})
	if err != nil {
		return nil, wrapOp(err, "list partners", nil)
	}
	return rows, nil
}

// fetchIndicators lists every indicator of the node, in id order (the
// order they were created in), so an export is the same file each time.
func (a *app) fetchIndicators(ctx context.Context) ([]*hcnetv1.Indicator, error) {
	_, rows, _, err := listAll(ctx, a, indicatorKind, &listQuery{all: true})
	if err != nil {
		return nil, wrapOp(err, "list indicators", nil)
	}
	slices.SortFunc(rows, func(x, y *indicator) int { return cmp.Compare(x.GetId(), y.GetId()) })
	return rows, nil
}

// directory is the node's partners by organisation name, loaded once per
// run.
func (a *app) directory(ctx context.Context) (*csvio.Directory, error) {
	if a.partners != nil {
		return a.partners, nil
	}
	ps, err := a.fetchPartners(ctx)
	if err != nil {
		return nil, err
	}
	a.partners = csvio.NewDirectory(ps)
	return a.partners, nil
}

// ulidForm is the shape of a record id: 26 characters of Crockford base32.
var ulidForm = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$`)

// resolvePartner turns what the officer typed for a partner, an id or an
// organisation name, into a partner id. Names cost one listing of the
// node's partners; ids cost nothing.
func (a *app) resolvePartner(ctx context.Context, s string) (string, error) {
	s = strings.TrimSpace(s)
	if ulidForm.MatchString(s) {
		return strings.ToUpper(s), nil
	}
	dir, err := a.directory(ctx)
	if err != nil {
		return "", err
	}
	return dir.Resolve(s)
}
