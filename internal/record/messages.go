package record

// The violation messages. Each reads after its field's name ("title: is
// required"); values the reader typed are quoted as Go quotes them, so
// spaces and odd characters show. The catalogue under internal/i18n
// translates each into every language of the pages.
var (
	MsgNotUTF8          = declare("is not valid UTF-8")
	MsgRequired         = declare("is required")
	MsgTooLong          = declare("is {{.Length}} characters long; at most {{.Max}} are allowed")
	MsgControl          = declare("contains control characters")
	MsgRepeats          = declare("repeats {{.Value}}")
	MsgTooMany          = declare("has {{.Count}} elements; at most {{.Max}} are allowed")
	MsgDateRequired     = declare("is required (YYYY-MM-DD)")
	MsgNotDate          = declare("{{.Value}} is not a date of the form YYYY-MM-DD")
	MsgYearOutside      = declare("year {{.Year}} is outside {{.Min}}–{{.Max}}")
	MsgBefore           = declare("{{.End}} is before {{.Field}} {{.Start}}")
	MsgUnknownEnum      = declare("{{.Value}} is not a known {{.Enum}}")
	MsgEnumRequired     = declare("is required (one of: {{.Values}})")
	MsgNotGoal          = declare("{{.Goal}} is not an SDG goal (1–17)")
	MsgRepeatsGoal      = declare("repeats goal {{.Goal}}")
	MsgNotTarget        = declare("{{.Value}} is not an SDG target such as 3.4 or 11.a")
	MsgNotEmail         = declare("{{.Value}} is not an e-mail address")
	MsgNotURL           = declare("{{.Value}} is not an http(s) address")
	MsgNotLanguage      = declare("{{.Value}} is not a language tag such as en or sv")
	MsgNotCityID        = declare("{{.Value}} is not a city id: lower-case letters, digits and hyphens, at most 63")
	MsgNotCountry       = declare("{{.Value}} is not a two-letter lower-case country code such as se")
	MsgNotRecord        = declare("{{.Type}} is not a record")
	MsgNotID            = declare("{{.Value}} is not a record id (26-character ULID)")
	MsgNotPopulation    = declare("{{.Value}} is not a city's population")
	MsgPartnerTwice     = declare("partner {{.ID}} is listed twice")
	MsgAdoptedDate      = declare("is required for an adopted plan")
	MsgGoalIDTwice      = declare("goal id {{.Value}} is used twice")
	MsgActionIDTwice    = declare("action id {{.Value}} is used twice")
	MsgNotPlanGoal      = declare("{{.Value}} is not a goal of this plan")
	MsgNotNumber        = declare("{{.Value}} is not a number that can be measured")
	MsgTextsRequired    = declare("is required: at least one language with a title")
	MsgTooManyLanguages = declare("has {{.Count}} languages; at most {{.Max}} are allowed")
	MsgNoText           = declare("{{.Value}} has no entry in texts")
	MsgCityTwice        = declare("city {{.City}} is named twice")
	MsgEmailRequired    = declare("is required: the address other cities write to")
	MsgAgreedRequired   = declare("is required: a named person is published only with the day they agreed")
	MsgAgreedMailbox    = declare("is for a named person only; a mailbox names nobody who agrees")
	MsgNoScheme         = declare("{{.Value}} names no scheme: write scheme:code, such as kolada:N00945")
	MsgNotScheme        = declare("scheme {{.Scheme}} is not a scheme name: lower-case letters, digits, dots and hyphens, at most 32, such as kolada")
	MsgNotCode          = declare("code {{.Code}} is not a code: letters, digits, dots, hyphens, underscores and slashes, at most 64, such as N00945")
	MsgOriginalRequired = declare("is required when there are translations")
	MsgIsOriginal       = declare("is the original language; its text is the record's own")
	MsgNoTranslation    = declare("has no text")
	MsgNotTranslatable  = declare("names no translatable field; these are: {{.Fields}}")
	// A measured value is one per indicator, date and breakdown; each
	// breakdown has its own message so that every language can say it.
	MsgMeasuredCity     = declare("already has a value for the whole city; replace it or choose another date")
	MsgMeasuredDistrict = declare("already has a value for district {{.Label}}; replace it or choose another date")
	MsgMeasuredGroup    = declare("already has a value for group {{.Label}}; replace it or choose another date")
	// A hub's feed subscriber is named like a city id, as the name
	// becomes a NATS subject token.
	MsgNotSubscriber = declare("{{.Value}} is not a subscriber name: lower-case letters, digits and hyphens, at most 63, such as research-group-lund")
)
