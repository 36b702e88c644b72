package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// sdgFlags binds --sdg and --sdg-target to the SdgTags at path ("sdg").
// Each flag changes its own list and keeps the other.
func sdgFlags[M any](f *fields[M], path string, tags func(M) **hcnetv1.SdgTags) {
	get := func(m M) *hcnetv1.SdgTags {
		t := tags(m)
		if *t == nil {
			*t = &hcnetv1.SdgTags{}
		}
		return *t
	}
	f.codes("sdg", path+".goals", "SDG goal, 1-17", func(m M, items []string) error {
		goals, err := parseGoals(items)
		if err != nil {
			return err
		}
		get(m).Goals = goals
		return nil
	})
	f.codes("sdg-target", path+".targets", `SDG target ("3.4")`, func(m M, items []string) error {
		get(m).Targets = trimAll(items)
		return nil
	})
}

func parseGoals(items []string) ([]int32, error) {
	var out []int32
	for _, s := range items {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("%q is not an SDG goal number (1-17)", s)
		}
		out = append(out, int32(n))
	}
	return out, nil
}

// phcFlags binds the three --phc- flags to the PrimaryHealthCareLink at
// path ("primary_health_care").
func phcFlags[M any](f *fields[M], path string, link func(M) **hcnetv1.PrimaryHealthCareLink) {
	get := func(m M) *hcnetv1.PrimaryHealthCareLink {
		l := link(m)
		if *l == nil {
			*l = &hcnetv1.PrimaryHealthCareLink{}
		}
		return *l
	}
	f.boolean("phc-linked", path+".linked", "linked to primary health care (--phc-linked=false to unset)", func(m M, v bool) { get(m).Linked = v })
	f.texts("phc-service", path+".services", "primary health care or local service involved", func(m M, v []string) { get(m).Services = v })
	f.str("phc-engagement", path+".engagement", "how residents are engaged and involved in decisions", func(m M, v string) { get(m).Engagement = v })
}

// visibilityFlag binds --visibility, which every record has.
func visibilityFlag[M any](f *fields[M], set func(M, hcnetv1.Visibility)) {
	enumFlag(f, "visibility", "visibility", "how far the record may travel", set)
}

func trimAll(items []string) []string {
	out := make([]string, 0, len(items))
	for _, s := range items {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Formatting for table cells.

func joinEnums[E record.Enum](items []E) string {
	return strings.Join(record.ShortNamesOf(items), ", ")
}

func joinInts(items []int32) string {
	s := make([]string, len(items))
	for i, n := range items {
		s[i] = strconv.Itoa(int(n))
	}
	return strings.Join(s, ", ")
}

func sdgCell(t *hcnetv1.SdgTags) string {
	parts := []string{}
	if g := joinInts(t.GetGoals()); g != "" {
		parts = append(parts, g)
	}
	if tg := strings.Join(t.GetTargets(), ", "); tg != "" {
		parts = append(parts, tg)
	}
	return strings.Join(parts, "; ")
}

func contactCell(c *hcnetv1.Contact) string {
	return strings.Join(trimAll([]string{c.GetName(), c.GetRole(), c.GetEmail(), c.GetPhone()}), ", ")
}

func phcCell(l *hcnetv1.PrimaryHealthCareLink) string {
	if l == nil {
		return ""
	}
	parts := []string{"no"}
	if l.GetLinked() {
		parts[0] = "yes"
	}
	if s := strings.Join(l.GetServices(), ", "); s != "" {
		parts = append(parts, s)
	}
	if e := l.GetEngagement(); e != "" {
		parts = append(parts, e)
	}
	return strings.Join(parts, "; ")
}

func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func count(n int) string { return strconv.Itoa(n) }
