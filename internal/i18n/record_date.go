package i18n

import "time"

// DateOf writes a date that a record carries as ISO 8601 text
// ("2025-03-01") the way the language writes dates. Text that is no such
// date (a year alone, a date typed some other way) is shown as written,
// since it is the city's own and nothing better can be said of it.
func (t *Translator) DateOf(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Date(d)
}
