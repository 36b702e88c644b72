package record

import (
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"golang.org/x/text/language"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Limits keep one record a size a hub can index and a page can show.
const (
	MaxShort = 300   // a title, a name, an organisation
	MaxLong  = 20000 // a narrative field
	MaxList  = 200   // elements of any repeated field
	MaxItem  = 300   // one element of a list of strings
	maxValue = 1e15  // absolute value of a measured number
	minYear  = 1900  // earliest year of any date
	maxYear  = 2200  // latest year of any date
	dateForm = "2006-01-02"
)

var (
	sdgTargetRe = regexp.MustCompile(`^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-d])$`)
	cityIDRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	countryRe   = regexp.MustCompile(`^[a-z]{2}$`)
)

// Text checks a string field: valid UTF-8, no control characters other
// than newlines and tabs, at most max characters, present when required.
func (c Checker) Text(name, s string, max int, required bool) {
	switch {
	case !utf8.ValidString(s):
		c.Report(name, MsgNotUTF8)
	case required && strings.TrimSpace(s) == "":
		c.Report(name, MsgRequired)
	case utf8.RuneCountInString(s) > max:
		c.Report(name, MsgTooLong, "Length", utf8.RuneCountInString(s), "Max", max)
	case strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' && r != '\r' }):
		c.Report(name, MsgControl)
	}
}

// Strings checks a list of short strings: each non-empty, no duplicates.
func (c Checker) Strings(name string, items []string) {
	if !c.List(name, len(items)) {
		return
	}
	seen := make(map[string]bool, len(items))
	for i, s := range items {
		c.Text(indexName(name, i), s, MaxItem, true)
		if seen[s] {
			c.Report(indexName(name, i), MsgRepeats, "Value", strconv.Quote(s))
		}
		seen[s] = true
	}
}

func indexName(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}

// List checks the length of a repeated field and reports whether it is
// short enough to look at element by element.
func (c Checker) List(name string, n int) bool {
	if n > MaxList {
		c.Report(name, MsgTooMany, "Count", n, "Max", MaxList)
		return false
	}
	return true
}

// Date checks an ISO 8601 calendar date ("2025-03-01").
func (c Checker) Date(name, s string, required bool) (time.Time, bool) {
	if s == "" {
		if required {
			c.Report(name, MsgDateRequired)
		}
		return time.Time{}, false
	}
	t, err := time.Parse(dateForm, s)
	if err != nil {
		c.Report(name, MsgNotDate, "Value", strconv.Quote(s))
		return time.Time{}, false
	}
	if t.Year() < minYear || t.Year() > maxYear {
		c.Report(name, MsgYearOutside, "Year", t.Year(), "Min", minYear, "Max", maxYear)
		return time.Time{}, false
	}
	return t, true
}

// DateRange checks two optional dates and that the end is not before the start.
func (c Checker) DateRange(startName, start, endName, end string) {
	s, okS := c.Date(startName, start, false)
	e, okE := c.Date(endName, end, false)
	if okS && okE && e.Before(s) {
		c.Report(endName, MsgBefore, "End", end, FieldArg, startName, "Start", start)
	}
}

// Year checks a calendar year; zero means unset.
func (c Checker) Year(name string, y int32, required bool) {
	switch {
	case y == 0 && required:
		c.Report(name, MsgRequired)
	case y != 0 && (y < minYear || y > maxYear):
		c.Report(name, MsgYearOutside, "Year", y, "Min", minYear, "Max", maxYear)
	}
}

// Enum checks that an enum holds a defined value, and a non-zero one when
// required.
func (c Checker) Enum(name string, e protoreflect.Enum, required bool) {
	ed := e.Descriptor()
	switch {
	case ed.Values().ByNumber(e.Number()) == nil:
		c.Report(name, MsgUnknownEnum, "Value", e.Number(), "Enum", humanEnumName(ed))
	case e.Number() == 0 && required:
		c.Report(name, MsgEnumRequired, "Values", strings.Join(ShortNames(ed), ", "), EnumArg, ed.FullName())
	}
}

// Enums checks a repeated enum field: defined, non-zero values, no repeats.
func Enums[E Enum](c Checker, name string, items []E) {
	if !c.List(name, len(items)) {
		return
	}
	seen := make(map[E]bool, len(items))
	for i, e := range items {
		c.Enum(indexName(name, i), e, true)
		if seen[e] {
			c.Report(indexName(name, i), MsgRepeats, "Value", ShortName(e))
		}
		seen[e] = true
	}
}

// Visibility checks the visibility every record must choose.
func (c Checker) Visibility(v hcnetv1.Visibility) {
	c.Enum(fieldVisibility, v, true)
}

// SDG checks SDG goals (1–17) and targets ("3.4", "11.a").
func (c Checker) SDG(name string, t *hcnetv1.SdgTags) {
	if t == nil {
		return
	}
	s := c.At(name)
	if s.List("goals", len(t.GetGoals())) {
		seen := map[int32]bool{}
		for i, g := range t.GetGoals() {
			if g < 1 || g > 17 {
				s.Report(indexName("goals", i), MsgNotGoal, "Goal", g)
			} else if seen[g] {
				s.Report(indexName("goals", i), MsgRepeatsGoal, "Goal", g)
			}
			seen[g] = true
		}
	}
	if s.List("targets", len(t.GetTargets())) {
		for i, tg := range t.GetTargets() {
			if !sdgTargetRe.MatchString(tg) {
				s.Report(indexName("targets", i), MsgNotTarget, "Value", strconv.Quote(tg))
			}
		}
	}
}

// ValidSDGTarget tells whether s is an SDG target such as "3.4" or "11.a".
func ValidSDGTarget(s string) bool { return sdgTargetRe.MatchString(s) }

// Contact checks a contact's fields.
func (c Checker) Contact(name string, ct *hcnetv1.Contact) {
	if ct == nil {
		return
	}
	s := c.At(name)
	s.Text("name", ct.GetName(), MaxShort, false)
	s.Text("role", ct.GetRole(), MaxShort, false)
	s.Text("phone", ct.GetPhone(), 40, false)
	if e := ct.GetEmail(); e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			s.Report("email", MsgNotEmail, "Value", strconv.Quote(e))
		}
	}
}

// URL checks an optional web address.
func (c Checker) URL(name, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 2000 {
		c.Report(name, MsgNotURL, "Value", strconv.Quote(s))
	}
}

// Language checks a BCP 47 language tag.
func (c Checker) Language(name, tag string) {
	if _, err := language.Parse(tag); err != nil || tag == "" || len(tag) > 35 {
		c.Report(name, MsgNotLanguage, "Value", strconv.Quote(tag))
	}
}

// CityID checks a city id ("malmo").
func (c Checker) CityID(name, id string, required bool) {
	switch {
	case id == "" && !required:
	case !cityIDRe.MatchString(id):
		c.Report(name, MsgNotCityID, "Value", strconv.Quote(id))
	}
}

// Country checks an ISO 3166-1 alpha-2 country code in lower case.
func (c Checker) Country(name, cc string, required bool) {
	switch {
	case cc == "" && !required:
	case !countryRe.MatchString(cc):
		c.Report(name, MsgNotCountry, "Value", strconv.Quote(cc))
	}
}

// PrimaryHealthCare checks a primary-health-care link.
func (c Checker) PrimaryHealthCare(name string, p *hcnetv1.PrimaryHealthCareLink) {
	if p == nil {
		return
	}
	s := c.At(name)
	s.Strings("services", p.GetServices())
	s.Text("engagement", p.GetEngagement(), MaxLong, false)
}
