package sample

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/big"
	"time"

	"google.golang.org/protobuf/types/known/fieldmaskpb"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// callTimeout bounds every call Load makes.
const callTimeout = 15 * time.Second

// Summary is what Load created, by the ids the node gave it.
type Summary struct {
	// City is the id of the node's city, whose profile Load filled in.
	City         string
	Partners     []string
	Partnerships []string
	Plan         string
	Indicators   []string
	// Measurements counts every measured value, the baseline year's
	// included.
	Measurements int
	Practices    []string
	// Success is the city's success as another city refers to it when
	// endorsing.
	Success     *hcnetv1.SuccessRef
	Endorsement string
}

// Load fills the node behind c with the sample data of city: the city
// profile, then partners, partnerships, the health plan, its indicators with
// several years of measurements, practices, a success and an endorsement,
// each step using the ids the node returned for the one before. It writes
// new records every time it runs; it stops at the first error, leaving what
// it had created.
func Load(ctx context.Context, c hcnetv1.CityServiceClient, city CitySpec) (Summary, error) {
	var sum Summary
	if err := city.Validate(); err != nil {
		return sum, err
	}
	fail := func(what string, err error) (Summary, error) {
		return sum, fmt.Errorf("sample %s: %s: %w", city.ID, what, err)
	}

	got, err := call(ctx, func(ctx context.Context) (*hcnetv1.UpdateCityResponse, error) {
		return c.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{City: profile(city), UpdateMask: profileMask()})
	})
	if err != nil {
		return fail("update city profile", err)
	}
	sum.City = got.GetCity().GetId()
	country := got.GetCity().GetCountry()

	partnerIDs := map[partnerKey]string{}
	for _, def := range partners(city) {
		r, err := call(ctx, func(ctx context.Context) (*hcnetv1.CreatePartnerResponse, error) {
			return c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: def.partner})
		})
		if err != nil {
			return fail(fmt.Sprintf("create partner %q", def.partner.GetOrganisation()), err)
		}
		partnerIDs[def.key] = r.GetPartner().GetId()
		sum.Partners = append(sum.Partners, r.GetPartner().GetId())
	}

	partnershipIDs := map[partnershipKey]string{}
	for _, def := range partnerships(city, partnerIDs) {
		r, err := call(ctx, func(ctx context.Context) (*hcnetv1.CreatePartnershipResponse, error) {
			return c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: def.partnership})
		})
		if err != nil {
			return fail(fmt.Sprintf("create partnership %q", def.partnership.GetTitle()), err)
		}
		partnershipIDs[def.key] = r.GetPartnership().GetId()
		sum.Partnerships = append(sum.Partnerships, r.GetPartnership().GetId())
	}

	pr, err := call(ctx, func(ctx context.Context) (*hcnetv1.CreateHealthPlanResponse, error) {
		return c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: plan(city, partnershipIDs)})
	})
	if err != nil {
		return fail("create health plan", err)
	}
	sum.Plan = pr.GetHealthPlan().GetId()

	for _, def := range indicatorDefs(city) {
		ind, later := def.indicator(city, sum.Plan)
		r, err := call(ctx, func(ctx context.Context) (*hcnetv1.CreateIndicatorResponse, error) {
			return c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
		})
		if err != nil {
			return fail(fmt.Sprintf("create indicator %q", def.name), err)
		}
		id := r.GetIndicator().GetId()
		sum.Indicators = append(sum.Indicators, id)
		sum.Measurements += len(ind.GetMeasurements())
		for _, m := range later {
			_, err := call(ctx, func(ctx context.Context) (*hcnetv1.RecordMeasurementResponse, error) {
				return c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: id, Measurement: m})
			})
			if err != nil {
				return fail(fmt.Sprintf("record measurement %s of %q", m.GetDate(), def.name), err)
			}
			sum.Measurements++
		}
	}

	for _, p := range practices(city, partnershipIDs, sum.Indicators) {
		r, err := call(ctx, func(ctx context.Context) (*hcnetv1.CreatePracticeResponse, error) {
			return c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p})
		})
		if err != nil {
			return fail(fmt.Sprintf("create practice %q", p.GetTexts()["en"].GetTitle()), err)
		}
		sum.Practices = append(sum.Practices, r.GetPractice().GetId())
	}

	sr, err := call(ctx, func(ctx context.Context) (*hcnetv1.CreateSuccessResponse, error) {
		return c.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: success(city, partnershipIDs)})
	})
	if err != nil {
		return fail("create success", err)
	}
	sum.Success = &hcnetv1.SuccessRef{CityId: sum.City, Country: country, SuccessId: sr.GetSuccess().GetId()}

	if city.NoEndorsement {
		return sum, nil
	}
	ref := city.Endorse
	if ref == nil {
		_, before := neighbours(city)
		ref = &hcnetv1.SuccessRef{CityId: before.ID, Country: before.Country, SuccessId: PlaceholderSuccessID(before)}
	}
	e, err := Endorse(ctx, c, city, ref)
	if err != nil {
		return sum, err
	}
	sum.Endorsement = e.GetId()
	return sum, nil
}

// Endorse records city's endorsement of another city's success, for a
// federation demo that learns the success's id after Load has run.
func Endorse(ctx context.Context, c hcnetv1.CityServiceClient, city CitySpec, ref *hcnetv1.SuccessRef) (*hcnetv1.Endorsement, error) {
	r, err := call(ctx, func(ctx context.Context) (*hcnetv1.CreateEndorsementResponse, error) {
		return c.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: endorsement(city, ref)})
	})
	if err != nil {
		return nil, fmt.Errorf("sample %s: endorse %s/%s success %s: %w", city.ID, ref.GetCountry(), ref.GetCityId(), ref.GetSuccessId(), err)
	}
	return r.GetEndorsement(), nil
}

// PlaceholderSuccessID is a well-formed ULID that stands for city's success
// until the real id is known: the same for a city on every run, and never
// one a node assigns (its time part is the success's date in 2025, long
// before any node of the sample runs).
func PlaceholderSuccessID(city CitySpec) string {
	const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	ms := uint64(time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC).UnixMilli())
	sum := sha256.Sum256([]byte("hcnet sample success " + city.Country + "/" + city.ID))
	// 128 bits: 48 of time, 80 from the hash.
	var b [16]byte
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	copy(b[6:], sum[:10])
	// 26 characters of 5 bits hold the 128, the first one only 3.
	n := new(big.Int).SetBytes(b[:])
	out := make([]byte, 26)
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = crockford[n.Uint64()&31]
		n.Rsh(n, 5)
	}
	return string(out)
}

// profile is the city profile the sample fills in; id and country are fixed
// at init and left as the node has them.
func profile(s CitySpec) *hcnetv1.City {
	pb := phrasebooks[s.Language]
	c := &hcnetv1.City{
		Visibility:  hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Name:        s.Name,
		Region:      s.Region,
		Population:  s.Population,
		Languages:   []string{s.Language, "en"},
		Website:     s.Website,
		Description: fmt.Sprintf("%s is a member of the Healthy Cities movement. Its city health plan 2024–2030 puts equal health first, starting in %s and %s.", s.Name, s.Districts[0], s.Districts[1]),
		MemberSince: s.MemberSince,
		Coordinator: contact(pb.people[0], "Healthy City coordinator"),
	}
	c.ContactPoint = cityMailbox(s)
	return c
}

func profileMask() *fieldmaskpb.FieldMask {
	return &fieldmaskpb.FieldMask{Paths: []string{
		"visibility", "name", "region", "population", "languages", "website", "description", "member_since", "coordinator", "contact_point",
	}}
}

// call runs f with callTimeout.
func call[T any](ctx context.Context, f func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return f(ctx)
}
