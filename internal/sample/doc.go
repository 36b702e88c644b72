// Package sample provides realistic sample data for a Healthy City and loads
// it into a node through the CityService API, the same way an officer's tools
// would.
//
// The demo, the tests and a newcomer trying hcctl all need a node that looks
// like a working Healthy City: partners from different sectors, partnerships
// at every level, an adopted city health plan with goals, actions and
// indicators whose measurements show equity gaps between districts and
// groups, good practices written in English and the city's own language, a
// success shared with partner cities, and an endorsement of another city's
// success. Visibilities are mixed the way a city would set them: internal
// departments and planned work private, most practices public.
//
// One set of templates serves every city; a CitySpec supplies what differs
// (name, country, language, districts, the local names of its partner
// organisations, and which practices it runs besides the walking groups and
// health guides every city has), and the city's id varies the rest: its
// indicator figures and the numbers its practices report. The plan's
// actions and the partnerships follow the practices a city runs. Cities
// lists such specs so a federation demo can run several nodes. The cities
// are real places, but every figure, person and outcome in the sample is
// invented.
package sample
