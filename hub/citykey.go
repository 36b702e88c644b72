package hub

// cityKey names a city of a country: a member, or one whose records the
// hub forwards or recovers.
type cityKey struct{ country, city string }
