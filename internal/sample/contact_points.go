package sample

import hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"

// cityMailbox is the contact point a sample city publishes with its
// profile: a functional mailbox, so other cities can reach it while its
// coordinator stays private.
func cityMailbox(s CitySpec) *hcnetv1.ContactPoint {
	return &hcnetv1.ContactPoint{
		Kind:  hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX,
		Name:  "Healthy City office, " + s.Name,
		Role:  "Answers other cities within a week",
		Email: "healthy-city." + s.ID + "@example.org",
		Url:   s.Website,
	}
}

// agreedPerson is a practice's published contact point: a named person
// who agreed, on the day given.
func agreedPerson(name, role string) *hcnetv1.ContactPoint {
	return &hcnetv1.ContactPoint{
		Kind:       hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON,
		Name:       name,
		Role:       role,
		Email:      emailLocal(name) + "@example.org",
		AgreedDate: "2025-03-03",
	}
}
