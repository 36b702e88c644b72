package web

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"slices"

	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
)

// What the spreadsheet pages know of each sheet: its columns (the
// columns hcctl import and export use, from csvio), how a file of it is
// read and checked, how it is saved, and how the node's records are
// written as one. Everything else (the upload, the preview, the confirm,
// the download) is the same for every sheet.

// sheetKind is one kind of spreadsheet.
type sheetKind struct {
	// Name is what hcctl --kind calls it and the file's name.
	Name string
	// Title names the sheet on the pages ("Partners"); Noun one row;
	// Words its rows as a sentence names them ("partners"); Upload its
	// upload page's title. The pages translate each (its English text
	// is its message id).
	Title, Noun, Words, Upload string
	// Empty is what an empty file is told, naming the sheet's rows.
	Empty string
	// Summary says in a sentence what the file holds; Lead says more,
	// on its upload page.
	Summary, Lead string
	// List is the page that lists what the sheet holds.
	List string
	// Columns documents every column, in the order export writes them.
	Columns []columnDoc

	// send reads the file and sends its rows to the node: with key ""
	// and check, only to be checked.
	send func(ctx context.Context, c hcnetv1.CityServiceClient, data []byte, file, key string, check bool) (sheetOutcome, error)
	// write writes the node's records as the sheet.
	write func(ctx context.Context, c hcnetv1.CityServiceClient, w io.Writer) error
}

// columnDoc is one column as the upload page explains it.
type columnDoc struct {
	Name, What string
	Required   bool
}

// sheetOutcome is what reading and sending a file came to: its problems
// (nothing was written), or the node's counts.
type sheetOutcome struct {
	Rows                        int
	Problems                    csvio.Problems
	Created, Updated, Unchanged int32
	Replayed                    bool
	// Shows is the page showing what was saved when the sheet's List
	// would not: the one indicator a file of measurements was for.
	Shows string
}

// sheetOrder is the order the spreadsheets page lists them in: partners
// first, since partnerships name them.
var sheetOrder = []string{"partners", "partnerships", "measurements"}

// sheetsByName are the spreadsheets the pages upload and download.
func sheetsByName() map[string]*sheetKind {
	return map[string]*sheetKind{
		"partners":     partnersSheet(),
		"partnerships": partnershipsSheet(),
		"measurements": measurementsSheet(),
	}
}

// uploadChunk is how many rows one message of an import stream carries,
// as hcctl sends them.
const uploadChunk = 500

// stream sends rows in chunks on an import stream and returns the
// node's answer.
func stream[M any, Req any, Resp any](
	ctx context.Context, rows []M,
	open func(context.Context, ...grpc.CallOption) (grpc.ClientStreamingClient[Req, Resp], error),
	wrap func([]M) *Req,
) (*Resp, error) {
	st, err := open(ctx)
	if err != nil {
		return nil, err
	}
	for start := 0; start < len(rows); start += uploadChunk {
		if err := st.Send(wrap(rows[start:min(start+uploadChunk, len(rows))])); err != nil {
			if errors.Is(err, io.EOF) {
				break // the node ended the stream; CloseAndRecv says why
			}
			return nil, err
		}
	}
	return st.CloseAndRecv()
}

// outcome joins what reading found with what the node answered. The
// node is asked even when the file has problems, so that one preview
// lists every problem (but not when the header is wrong: then every row
// would be reported for it).
func outcome[Resp any](readErr error, rows int, send func(check bool) (*Resp, error), toProblems func([]csvio.Violation) csvio.Problems, counts func(*Resp) sheetOutcome, check bool) (sheetOutcome, error) {
	var local csvio.Problems
	if readErr != nil && !errors.As(readErr, &local) {
		// Not a CSV file the reader could go through at all.
		return sheetOutcome{Problems: csvio.Problems{{Text: readErr.Error()}}}, nil
	}
	if len(local) > 0 && (rows == 0 || local.AboutColumns()) {
		return sheetOutcome{Rows: rows, Problems: local}, nil
	}
	resp, err := send(check || len(local) > 0)
	if fvs, msg, ok := webui.Refusals(err); ok {
		vs := make([]csvio.Violation, len(fvs))
		for i, v := range fvs {
			vs[i] = csvio.Violation{Field: v.Field, Description: v.Description}
			if v.Message.ID != "" {
				vs[i].Message = &csvio.Message{ID: v.Message.ID, Args: v.Message.Pairs()}
			}
		}
		node := toProblems(vs)
		if len(vs) == 0 {
			node = csvio.Problems{{Text: msg}}
		}
		return sheetOutcome{Rows: rows, Problems: local.With(node)}, nil
	}
	if err != nil {
		return sheetOutcome{}, err
	}
	if len(local) > 0 {
		return sheetOutcome{Rows: rows, Problems: local}, nil
	}
	out := counts(resp)
	out.Rows = rows
	return out, nil
}

func partnersSheet() *sheetKind {
	return &sheetKind{
		Name: "partners", Title: "Partners", Noun: "partner", Words: "partners", Upload: "Upload partners", List: "/partners",
		Empty:   "is empty: it needs a header row naming the columns, then a row for each partner",
		Summary: "The organisations the city works with, with their contacts (personal data: keep the file in the city).",
		Lead:    "The organisations the city works with, one a row. A row with the id of a partner on this node replaces that partner; a row without an id adds one.",
		Columns: []columnDoc{
			{Name: "id", What: "The partner's id on this node; leave it empty for a new partner."},
			{Name: "organisation", What: "The organisation's name, as partnerships name it.", Required: true},
			{Name: "kind", What: "local_government_department, residents, ngo, private_sector, community_organisation, academia, city or public_agency."},
			{Name: "sector", What: "health, environment, economy, ecology, education, urban_planning, social_services, housing, transport, culture or sport."},
			{Name: "description", What: "Free text."},
			{Name: "website", What: "An http:// or https:// address."},
			{Name: "visibility", What: "private, network or public."},
			{Name: "contact_name, contact_role, contact_email, contact_phone", What: "The person to talk to. Personal data: it never leaves this node."},
		},
		send: func(ctx context.Context, c hcnetv1.CityServiceClient, data []byte, file, key string, check bool) (sheetOutcome, error) {
			rows, lines, err := csvio.ReadPartners(bytes.NewReader(data), file)
			return outcome(err, len(rows), func(check bool) (*hcnetv1.ImportPartnersResponse, error) {
				return stream(ctx, rows, c.ImportPartners, func(chunk []*hcnetv1.Partner) *hcnetv1.ImportPartnersRequest {
					return &hcnetv1.ImportPartnersRequest{Partners: chunk, ImportKey: keyUnless(check, key), ValidateOnly: check}
				})
			}, func(vs []csvio.Violation) csvio.Problems { return csvio.PartnerViolations(file, lines, vs) },
				func(r *hcnetv1.ImportPartnersResponse) sheetOutcome {
					return sheetOutcome{Created: r.GetCreated(), Updated: r.GetUpdated(), Replayed: r.GetReplayed()}
				}, check)
		},
		write: func(ctx context.Context, c hcnetv1.CityServiceClient, w io.Writer) error {
			ps, err := allPartners(ctx, c)
			if err != nil {
				return err
			}
			return csvio.WritePartners(w, byID(ps))
		},
	}
}

func partnershipsSheet() *sheetKind {
	return &sheetKind{
		Name: "partnerships", Title: "Partnerships", Noun: "partnership", Words: "partnerships", Upload: "Upload partnerships", List: "/#partnerships",
		Empty:   "is empty: it needs a header row naming the columns, then a row for each partnership",
		Summary: "The city's partnerships, naming their partners by organisation: upload partners first.",
		Lead:    "The city's partnerships, one a row. Partners are named as this node has them, so upload the partners first. A row with the id of a partnership on this node replaces it; a row without an id adds one.",
		Columns: []columnDoc{
			{Name: "id", What: "The partnership's id on this node; leave it empty for a new partnership."},
			{Name: "title", What: "The partnership's title.", Required: true},
			{Name: "description", What: "Free text."},
			{Name: "level", What: "within_health_sector, within_public_sector, between_cities or across_sectors."},
			{Name: "status", What: "planned, active, paused, completed or ended."},
			{Name: "visibility", What: "private, network or public."},
			{Name: "partners", What: "Organisation (role); Other organisation (role): names as this node has them, the role in the last parentheses, which may be left off. A partner's id works in place of its name."},
			{Name: "sectors", What: "A list of sectors, as for partners."},
			{Name: "settings", What: "A list of schools, workplaces, health_care_facilities, markets, islands, villages, communities."},
			{Name: "hot_local_issue", What: "Free text."},
			{Name: "mechanisms", What: "A list of tackle_hot_local_issues, build_on_cultural_and_historical_backgrounds, holistic_approach, build_on_mutual_success, step_by_step, additional_financial_resources, involve_decision_makers."},
			{Name: "sdg_goals", What: "A list of SDG goals, 1 to 17: 3; 11."},
			{Name: "sdg_targets", What: "A list of SDG targets: 3.4; 11.7."},
			{Name: "six_ps", What: "A list of people, place, participation, prosperity, planet, peace."},
			{Name: "equity_groups", What: "A list of the groups the partnership reaches."},
			{Name: "phc_linked", What: "yes or no: linked to primary health care."},
			{Name: "phc_services", What: "A list of the primary health care or local services involved."},
			{Name: "phc_engagement", What: "How residents are engaged and involved in decisions."},
			{Name: "participatory_platform", What: "Free text."},
			{Name: "funding_sources, decision_makers", What: "Lists."},
			{Name: "start_date, end_date", What: "YYYY-MM-DD; the end may be empty."},
		},
		send: func(ctx context.Context, c hcnetv1.CityServiceClient, data []byte, file, key string, check bool) (sheetOutcome, error) {
			ps, err := allPartners(ctx, c)
			if err != nil {
				return sheetOutcome{}, err
			}
			rows, lines, err := csvio.ReadPartnerships(bytes.NewReader(data), file, csvio.NewDirectory(ps))
			return outcome(err, len(rows), func(check bool) (*hcnetv1.ImportPartnershipsResponse, error) {
				return stream(ctx, rows, c.ImportPartnerships, func(chunk []*hcnetv1.Partnership) *hcnetv1.ImportPartnershipsRequest {
					return &hcnetv1.ImportPartnershipsRequest{Partnerships: chunk, ImportKey: keyUnless(check, key), ValidateOnly: check}
				})
			}, func(vs []csvio.Violation) csvio.Problems { return csvio.PartnershipViolations(file, lines, vs) },
				func(r *hcnetv1.ImportPartnershipsResponse) sheetOutcome {
					return sheetOutcome{Created: r.GetCreated(), Updated: r.GetUpdated(), Replayed: r.GetReplayed()}
				}, check)
		},
		write: func(ctx context.Context, c hcnetv1.CityServiceClient, w io.Writer) error {
			ps, err := allPartners(ctx, c)
			if err != nil {
				return err
			}
			rows, err := allPartnerships(ctx, c)
			if err != nil {
				return err
			}
			return csvio.WritePartnerships(w, byID(rows), csvio.NewDirectory(ps))
		},
	}
}

func measurementsSheet() *sheetKind {
	return &sheetKind{
		Name: "measurements", Title: "Measurements of indicators", Noun: "measured value", Words: "measurements",
		Empty:  "is empty: it needs a header row naming the columns, then a row for each measured value",
		Upload: "Upload measurements of indicators", List: "/indicators",
		Summary: "Measured values of the health plan's indicators, for the whole city, by district and by group, as statistics offices publish them.",
		Lead:    "Measured values of the health plan's indicators, one a row, as statistics offices publish them: for the whole city, by district and by group. A value for an indicator, date and district or group the indicator already has replaces it; an equal one changes nothing; any other is added.",
		Columns: []columnDoc{
			{Name: "indicator", What: "The indicator's name as the health plan has it, or its id.", Required: true},
			{Name: "date", What: "The date the value refers to: YYYY-MM-DD.", Required: true},
			{Name: "value", What: "A number: 12.5, or 12,5 in a file separated by semicolons. Spaces between thousands are ignored.", Required: true},
			{Name: "district", What: "The district the value is for: Rosengård."},
			{Name: "group", What: "The population group the value is for: women 65+. Fill in district or group, or neither for the whole city."},
			{Name: "source", What: "Where the value comes from: SCB, Statistikdatabasen."},
			{Name: "note", What: "Free text."},
		},
		send: func(ctx context.Context, c hcnetv1.CityServiceClient, data []byte, file, key string, check bool) (sheetOutcome, error) {
			inds, err := allIndicators(ctx, c)
			if err != nil {
				return sheetOutcome{}, err
			}
			rows, lines, err := csvio.ReadMeasurements(bytes.NewReader(data), file, csvio.NewIndicatorDirectory(inds))
			return outcome(err, len(rows), func(check bool) (*hcnetv1.ImportMeasurementsResponse, error) {
				return stream(ctx, rows, c.ImportMeasurements, func(chunk []*hcnetv1.IndicatorMeasurement) *hcnetv1.ImportMeasurementsRequest {
					return &hcnetv1.ImportMeasurementsRequest{Measurements: chunk, ImportKey: keyUnless(check, key), ValidateOnly: check}
				})
			}, func(vs []csvio.Violation) csvio.Problems { return csvio.MeasurementViolations(file, lines, rows, vs) },
				func(r *hcnetv1.ImportMeasurementsResponse) sheetOutcome {
					return sheetOutcome{Created: r.GetCreated(), Updated: r.GetUpdated(), Unchanged: r.GetUnchanged(), Replayed: r.GetReplayed(), Shows: indicatorOf(rows)}
				}, check)
		},
		write: func(ctx context.Context, c hcnetv1.CityServiceClient, w io.Writer) error {
			inds, err := allIndicators(ctx, c)
			if err != nil {
				return err
			}
			inds = byID(inds)
			return csvio.WriteMeasurements(w, csvio.MeasurementsOf(inds), csvio.NewIndicatorDirectory(inds))
		},
	}
}

// indicatorOf is the page of the one indicator all rows measure, where
// the values just saved show; "" when they measure several.
func indicatorOf(rows []*hcnetv1.IndicatorMeasurement) string {
	if len(rows) == 0 {
		return ""
	}
	id := rows[0].GetIndicatorId()
	for _, m := range rows[1:] {
		if m.GetIndicatorId() != id {
			return ""
		}
	}
	return "/indicators/" + id
}

// keyUnless is the import key, except on a check, which records nothing.
func keyUnless(check bool, key string) string {
	if check {
		return ""
	}
	return key
}

// byID orders records by id, which is the order they were created in, as
// hcctl export does: a download of the same records is the same file.
func byID[R interface{ GetId() string }](rs []R) []R {
	slices.SortFunc(rs, func(a, b R) int { return cmp.Compare(a.GetId(), b.GetId()) })
	return rs
}
