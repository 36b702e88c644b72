package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// seeded returns a random source, seeded from HCNET_CRASH_SEED when set
// so a failing run's kill timings can be replayed, and logs the seed.
func seeded(t *testing.T) *rand.Rand {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("HCNET_CRASH_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("HCNET_CRASH_SEED: %v", err)
		}
		seed = v
	}
	t.Logf("random seed %d (HCNET_CRASH_SEED=%d replays it)", seed, seed)
	return rand.New(rand.NewPCG(seed, seed))
}

// between is a random duration in [lo, hi).
func between(r *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}

// tally counts what the writers did, across nodes and goroutines.
type tally struct {
	sharedCreates, privateWrites, updates, deletes, madePrivate atomic.Int64
}

func (c *tally) String() string {
	return fmt.Sprintf("%d shared records created, %d updated, %d deleted, %d made private, %d private records written",
		c.sharedCreates.Load(), c.updates.Load(), c.deletes.Load(), c.madePrivate.Load(), c.privateWrites.Load())
}

// createPartners gives a node three partners for its partnerships: one
// public, one network, one private (whose name must not leave the node).
func createPartners(ctx context.Context, c hcnetv1.CityServiceClient, city string) ([]string, error) {
	var ids []string
	for i, vis := range []hcnetv1.Visibility{hcnetv1.Visibility_VISIBILITY_PUBLIC, hcnetv1.Visibility_VISIBILITY_NETWORK, hcnetv1.Visibility_VISIBILITY_PRIVATE} {
		res, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: &hcnetv1.Partner{
			Organisation: fmt.Sprintf("Föreningen Hälsa %s %d", city, i), Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO,
			Sector: hcnetv1.Sector_SECTOR_HEALTH, Visibility: vis,
			Contact: &hcnetv1.Contact{Name: "Karin Lind", Email: "karin.lind@example.se"},
		}})
		if err != nil {
			return nil, fmt.Errorf("create partner: %w", err)
		}
		ids = append(ids, res.GetPartner().GetId())
	}
	return ids, nil
}

// partnership is the i-th partnership of a batch.
func partnership(tag string, i int, partners []string, vis hcnetv1.Visibility) *hcnetv1.Partnership {
	return &hcnetv1.Partnership{
		Visibility:  vis,
		Title:       fmt.Sprintf("Partnership %s %d for healthy ageing", tag, i),
		Description: "Districts, schools and associations working together against loneliness among older residents.",
		Level:       hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status:      hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		Partners: []*hcnetv1.PartnershipMember{
			{PartnerId: partners[i%len(partners)], Role: "lead"},
			{PartnerId: partners[(i+1)%len(partners)], Role: "provides venues"},
		},
		Sectors:      []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES},
		Sdg:          &hcnetv1.SdgTags{Goals: []int32{3, 10}},
		EquityGroups: []string{fmt.Sprintf("district %d", i%12)},
	}
}

// importPartnerships imports the given numbers of shared and private
// partnerships in one stream (one transaction at the node).
func importPartnerships(ctx context.Context, c hcnetv1.CityServiceClient, tag string, partners []string, shared, private int) error {
	stream, err := c.ImportPartnerships(ctx)
	if err != nil {
		return err
	}
	var batch []*hcnetv1.Partnership
	for i := range shared + private {
		vis := hcnetv1.Visibility_VISIBILITY_PUBLIC
		switch {
		case i >= shared:
			vis = hcnetv1.Visibility_VISIBILITY_PRIVATE
		case i%4 == 0:
			vis = hcnetv1.Visibility_VISIBILITY_NETWORK
		}
		batch = append(batch, partnership(tag, i, partners, vis))
		if len(batch) == 200 {
			if err := stream.Send(&hcnetv1.ImportPartnershipsRequest{Partnerships: batch}); err != nil {
				return err
			}
			batch = nil
		}
	}
	if err := stream.Send(&hcnetv1.ImportPartnershipsRequest{Partnerships: batch}); err != nil {
		return err
	}
	res, err := stream.CloseAndRecv()
	if err != nil {
		return err
	}
	if int(res.GetCreated()) != shared+private {
		return fmt.Errorf("import created %d partnerships, want %d", res.GetCreated(), shared+private)
	}
	return nil
}

// practice is a good practice with a contact (which never leaves the
// node) in two languages.
func practice(title string, vis hcnetv1.Visibility) *hcnetv1.Practice {
	return &hcnetv1.Practice{
		Visibility:       vis,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "sv",
		Texts: map[string]*hcnetv1.PracticeText{
			"sv": {Title: title, Summary: "Äldre möts över generationer i varje stadsdel"},
			"en": {Title: "Meeting places against loneliness", Summary: "Older residents meet across generations"},
		},
		Contacts: []*hcnetv1.Contact{{Name: "Karin Lind", Email: "karin.lind@example.se"}},
		Sdg:      &hcnetv1.SdgTags{Goals: []int32{3, 10}},
		Sectors:  []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH},
	}
}

// practiceMix writes five shared practices one call at a time and then
// changes them: one updated twice, one deleted, one made private. It
// leaves three of them shared, and adds one private practice.
func practiceMix(ctx context.Context, c hcnetv1.CityServiceClient, tag string, n *tally) error {
	var ids []string
	for i := range 5 {
		vis := hcnetv1.Visibility_VISIBILITY_PUBLIC
		if i%2 == 1 {
			vis = hcnetv1.Visibility_VISIBILITY_NETWORK
		}
		res, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(fmt.Sprintf("Mötesplatser %s %d", tag, i), vis)})
		if err != nil {
			return fmt.Errorf("create practice: %w", err)
		}
		n.sharedCreates.Add(1)
		ids = append(ids, res.GetPractice().GetId())
	}
	for round := range 2 {
		if _, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{
			Practice:   &hcnetv1.Practice{Id: ids[0], Problem: fmt.Sprintf("Loneliness, round %d", round)},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"problem"}},
		}); err != nil {
			return fmt.Errorf("update practice: %w", err)
		}
		n.updates.Add(1)
	}
	if _, err := c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: ids[1]}); err != nil {
		return fmt.Errorf("delete practice: %w", err)
	}
	n.deletes.Add(1)
	if _, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{
		Practice:   &hcnetv1.Practice{Id: ids[2], Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}},
	}); err != nil {
		return fmt.Errorf("make practice private: %w", err)
	}
	n.madePrivate.Add(1)
	if _, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Intern plan "+tag, hcnetv1.Visibility_VISIBILITY_PRIVATE)}); err != nil {
		return fmt.Errorf("create private practice: %w", err)
	}
	n.privateWrites.Add(1)
	return nil
}
