package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"time"

	"github.com/hcnet/hcnet/internal/csvio"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// importChunk is how many rows go in one message of an import stream:
// small enough to stay far below gRPC's message size limit with long
// descriptions, large enough that a big file is a few hundred messages.
const importChunk = 500

// Sheet kinds of import and export.
const (
	sheetPartners     = "partners"
	sheetPartnerships = "partnerships"
	sheetMeasurements = "measurements"
)

// importError is a rejected import file: every problem, then a summary
// saying nothing was written.
type importError struct {
	file     string
	problems csvio.Problems
}

func (e *importError) Error() string {
	return fmt.Sprintf("%s\nhcctl: %s: %s; nothing was imported", e.problems.Error(), e.file, plural(len(e.problems), "problem", "problems"))
}

func (a *app) importCommand() *cobra.Command {
	var sheet string
	var again bool
	cmd := &cobra.Command{
		Use:   "import --kind partners|partnerships|measurements FILE.csv",
		Short: "Import partners, partnerships or indicators' measurements from a spreadsheet (CSV)",
		Long: "Import partners, partnerships or measured values of indicators (by district\n" +
			"and group, as statistics offices publish them) from a CSV file, all or\n" +
			"nothing: when any row\n" +
			"is bad nothing is written, and every bad row and cell is listed as\n" +
			"FILE:LINE: column: problem, in one run: the problems of the file itself\n" +
			"and those the node finds in its rows (which it checks without writing\n" +
			"when the file has problems).\n\n" +
			"An import is done once: the node remembers each file it imported (by a\n" +
			"digest of its bytes), so running the same command again, say after the\n" +
			"connection failed and the outcome is unknown, writes nothing twice and\n" +
			"reports the first import. --again imports an unchanged file once more.\n\n" + csvFormatHelp,
		Example: `  hcctl import --kind partners partners.csv
  hcctl import --kind partnerships partnerships.csv
  hcctl import --kind measurements measurements.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("import takes one file, got %d arguments\nRun 'hcctl import --help' for usage.", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch sheet {
			case sheetPartners:
				return a.importPartners(cmd.Context(), args[0], again)
			case sheetPartnerships:
				return a.importPartnerships(cmd.Context(), args[0], again)
			case sheetMeasurements:
				return a.importMeasurements(cmd.Context(), args[0], again)
			}
			return usagef("--kind %q: import partners, partnerships or measurements", sheet)
		},
	}
	sheetFlag(cmd, &sheet)
	cmd.Flags().BoolVar(&again, "again", false, "import the file even if this node imported the same file before (rows without an id are created again)")
	return cmd
}

func sheetFlag(cmd *cobra.Command, sheet *string) {
	cmd.Flags().StringVar(sheet, "kind", "", "what the file holds: partners, partnerships or measurements (required)")
	_ = cmd.MarkFlagRequired("kind")
	_ = cmd.RegisterFlagCompletionFunc("kind", cobra.FixedCompletions([]string{sheetPartners, sheetPartnerships, sheetMeasurements}, cobra.ShellCompDirectiveNoFileComp))
}

// sheet is an open import file: read through a progress bar counting
// the bytes, and through a digest that names the import.
type sheet struct {
	io.Reader
	digest hash.Hash
	close  func()
}

// openSheet opens the file of the kind for reading.
func (a *app) openSheet(name, kind string) (*sheet, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	var size int64 = -1
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	bar := a.progress(size, "reading "+name, true)
	r := progressbar.NewReader(f, bar)
	h := sha256.New()
	fmt.Fprintf(h, "hcctl import %s\n", kind)
	return &sheet{Reader: io.TeeReader(&r, h), digest: h, close: func() { _ = bar.Finish(); _ = f.Close() }}, nil
}

// importKey names the import by the digest of the sheet's kind and every
// byte of the file: a rerun of the same command sends the same key, and
// the node, which recorded the key with the rows, does not import the
// file twice. With again, the key is new, so the file is imported anew.
// Call it after the rows were read.
func (s *sheet) importKey(again bool) (string, error) {
	if again {
		return "", nil
	}
	// The CSV reader may stop before the end (after a last empty line).
	if _, err := io.Copy(io.Discard, s); err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(s.digest.Sum(nil)), nil
}

func (a *app) importPartners(ctx context.Context, file string, again bool) error {
	r, err := a.openSheet(file, sheetPartners)
	if err != nil {
		return err
	}
	rows, lines, err := csvio.ReadPartners(r, file)
	if err != nil {
		r.close()
		return a.checkOnNode(file, err, len(rows), func(c client) error {
			_, err := sendStream(ctx, a, rows, c.ImportPartners, func(chunk []*hcnetv1.Partner) *hcnetv1.ImportPartnersRequest {
				return &hcnetv1.ImportPartnersRequest{Partners: chunk, ValidateOnly: true}
			})
			return err
		}, func(vs []csvio.Violation) csvio.Problems { return csvio.PartnerViolations(file, lines, vs) })
	}
	key, err := r.importKey(again)
	r.close()
	if err != nil {
		return err
	}
	// Names are compared with the partners before the import; a replayed
	// import's rows are already among them and are not warned about.
	existing, err := a.fetchPartners(ctx)
	if err != nil {
		return err
	}
	shared := csvio.SharedNames(file, rows, lines, existing)
	c, err := a.client()
	if err != nil {
		return err
	}
	resp, err := sendStream(ctx, a, rows, c.ImportPartners, func(chunk []*hcnetv1.Partner) *hcnetv1.ImportPartnersRequest {
		return &hcnetv1.ImportPartnersRequest{Partners: chunk, ImportKey: key}
	})
	if err != nil {
		return a.importFailure(file, err, func(vs []csvio.Violation) csvio.Problems { return csvio.PartnerViolations(file, lines, vs) })
	}
	if !resp.GetReplayed() {
		for _, w := range shared {
			fmt.Fprintf(a.env.Stderr, "warning: %s\n", w)
		}
	}
	return a.importDone(file, resp, resp.GetCreated(), resp.GetUpdated(), resp.GetReplayed())
}

func (a *app) importPartnerships(ctx context.Context, file string, again bool) error {
	// Partner names in the file resolve against the node's partners, so
	// they are fetched before the file is read.
	dir, err := a.directory(ctx)
	if err != nil {
		return err
	}
	r, err := a.openSheet(file, sheetPartnerships)
	if err != nil {
		return err
	}
	rows, lines, err := csvio.ReadPartnerships(r, file, dir)
	if err != nil {
		r.close()
		return a.checkOnNode(file, err, len(rows), func(c client) error {
			_, err := sendStream(ctx, a, rows, c.ImportPartnerships, func(chunk []*hcnetv1.Partnership) *hcnetv1.ImportPartnershipsRequest {
				return &hcnetv1.ImportPartnershipsRequest{Partnerships: chunk, ValidateOnly: true}
			})
			return err
		}, func(vs []csvio.Violation) csvio.Problems { return csvio.PartnershipViolations(file, lines, vs) })
	}
	key, err := r.importKey(again)
	r.close()
	if err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	resp, err := sendStream(ctx, a, rows, c.ImportPartnerships, func(chunk []*hcnetv1.Partnership) *hcnetv1.ImportPartnershipsRequest {
		return &hcnetv1.ImportPartnershipsRequest{Partnerships: chunk, ImportKey: key}
	})
	if err != nil {
		return a.importFailure(file, err, func(vs []csvio.Violation) csvio.Problems { return csvio.PartnershipViolations(file, lines, vs) })
	}
	return a.importDone(file, resp, resp.GetCreated(), resp.GetUpdated(), resp.GetReplayed())
}

func (a *app) importMeasurements(ctx context.Context, file string, again bool) error {
	// Indicator names in the file resolve against the node's indicators.
	inds, err := a.fetchIndicators(ctx)
	if err != nil {
		return err
	}
	dir := csvio.NewIndicatorDirectory(inds)
	r, err := a.openSheet(file, sheetMeasurements)
	if err != nil {
		return err
	}
	rows, lines, err := csvio.ReadMeasurements(r, file, dir)
	toProblems := func(vs []csvio.Violation) csvio.Problems { return csvio.MeasurementViolations(file, lines, rows, vs) }
	if err != nil {
		r.close()
		return a.checkOnNode(file, err, len(rows), func(c client) error {
			_, err := sendStream(ctx, a, rows, c.ImportMeasurements, func(chunk []*hcnetv1.IndicatorMeasurement) *hcnetv1.ImportMeasurementsRequest {
				return &hcnetv1.ImportMeasurementsRequest{Measurements: chunk, ValidateOnly: true}
			})
			return err
		}, toProblems)
	}
	key, err := r.importKey(again)
	r.close()
	if err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	resp, err := sendStream(ctx, a, rows, c.ImportMeasurements, func(chunk []*hcnetv1.IndicatorMeasurement) *hcnetv1.ImportMeasurementsRequest {
		return &hcnetv1.ImportMeasurementsRequest{Measurements: chunk, ImportKey: key}
	})
	if err != nil {
		return a.importFailure(file, err, toProblems)
	}
	if resp.GetUnchanged() > 0 && !resp.GetReplayed() && a.g.output != formatJSON {
		fmt.Fprintf(a.env.Stderr, "%s: %s the node already had\n", file, plural(int(resp.GetUnchanged()), "value", "values"))
	}
	return a.importDone(file, resp, resp.GetCreated(), resp.GetUpdated(), resp.GetReplayed())
}

func sheetError(file string, err error) error {
	var ps csvio.Problems
	if errors.As(err, &ps) {
		return &importError{file: file, problems: ps}
	}
	return err
}

// checkOnNode reports a file with problems together with the problems
// the node finds in its rows, so that one run lists everything to fix:
// check sends the rows that could be read with validate_only, which
// writes nothing. When the header is wrong, every row would be reported
// for it, so the rows are not sent; when the node cannot be asked, the
// file's own problems are reported alone.
func (a *app) checkOnNode(file string, readErr error, rows int, check func(client) error, toProblems func([]csvio.Violation) csvio.Problems) error {
	var local csvio.Problems
	if !errors.As(readErr, &local) || rows == 0 || local.AboutColumns() {
		return sheetError(file, readErr)
	}
	c, err := a.client()
	if err != nil {
		return &importError{file: file, problems: local}
	}
	st, ok := status.FromError(check(c))
	if !ok || st.Code() != codes.InvalidArgument {
		return &importError{file: file, problems: local}
	}
	return &importError{file: file, problems: local.With(toProblems(violations(st)))}
}

// sendStream sends rows in chunks on a client stream. The whole stream
// gets --timeout per chunk, since a call's deadline covers all of it.
func sendStream[M any, Req any, Resp any](
	ctx context.Context, a *app, rows []M,
	open func(context.Context, ...grpc.CallOption) (grpc.ClientStreamingClient[Req, Resp], error),
	wrap func([]M) *Req,
) (*Resp, error) {
	chunks := (len(rows) + importChunk - 1) / importChunk
	ctx, cancel := context.WithTimeout(ctx, time.Duration(max(chunks, 1))*a.g.timeout)
	defer cancel()
	stream, err := open(ctx)
	if err != nil {
		return nil, err
	}
	bar := a.progress(int64(len(rows)), "sending", false)
	defer func() { _ = bar.Finish() }()
	for start := 0; start < len(rows); start += importChunk {
		end := min(start+importChunk, len(rows))
		if err := stream.Send(wrap(rows[start:end])); err != nil {
			// io.EOF means the node ended the stream; CloseAndRecv
			// has its reason.
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, err
		}
		_ = bar.Add(end - start)
	}
	return stream.CloseAndRecv()
}

// importFailure reports a refused import: bad rows at their lines, or
// the error as any other command would.
func (a *app) importFailure(file string, err error, toProblems func([]csvio.Violation) csvio.Problems) error {
	if st, ok := status.FromError(err); ok && st.Code() == codes.InvalidArgument {
		if vs := violations(st); len(vs) > 0 {
			return &importError{file: file, problems: toProblems(vs)}
		}
	}
	return wrapOp(err, "import "+file, nil)
}

// importDone reports what the node did with a clean file.
func (a *app) importDone(file string, resp proto.Message, created, updated int32, replayed bool) error {
	if a.g.output == formatJSON {
		return writeJSON(a.env.Stdout, resp)
	}
	if replayed {
		_, err := fmt.Fprintf(a.env.Stdout, "%s was imported before (%d created, %d updated); nothing written again. To import it anew: hcctl import --again\n", file, created, updated)
		return err
	}
	_, err := fmt.Fprintf(a.env.Stdout, "imported %s: %d created, %d updated\n", file, created, updated)
	return err
}
