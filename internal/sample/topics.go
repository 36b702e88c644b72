package sample

import (
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// topic is a good practice a sample city may run besides the walking
// groups and the health guides, which every city runs: the demo's
// success, its endorsements and an adoption are about the walking groups,
// and the health guides are where every plan starts.
type topic int

const (
	// movingSchool is daily movement in every primary school.
	movingSchool topic = iota
	// smallWorkplaces is a health programme for small businesses.
	smallWorkplaces
	// greenCourtyards turns rental housing courtyards into shared gardens.
	greenCourtyards
	// youthFirstAid is a mental health first aid course for the adults
	// around young people.
	youthFirstAid
)

// defaultTopics are what a city outside Cities runs when its spec names
// none: the moving school's partnership is the one within the public
// sector, which a sample city needs to span every partnership level.
var defaultTopics = []topic{movingSchool, greenCourtyards}

// topicsOf are the topics s runs, in the order its practices list them.
func topicsOf(s CitySpec) []topic {
	if len(s.topics) == 0 {
		return defaultTopics
	}
	return s.topics
}

// runs tells whether s runs t.
func (s CitySpec) runs(t topic) bool {
	for _, u := range topicsOf(s) {
		if u == t {
			return true
		}
	}
	return false
}

// topicDef is how one topic becomes a practice: its text in English and
// in the city's language, the priority district it started in, and the
// record.
type topicDef struct {
	en    text
	local func(phrasebook) text
	// pilot is the index in Districts of the district the practice
	// started in; its titles name it.
	pilot    int
	practice func(s CitySpec, texts map[string]*hcnetv1.PracticeText, ps map[partnershipKey]string, ind func(int) string) *hcnetv1.Practice
}

var topicDefs = map[topic]topicDef{
	movingSchool:    {movingSchoolText, func(pb phrasebook) text { return pb.practices[1] }, 1, movingSchoolPractice},
	smallWorkplaces: {workplacesText, func(pb phrasebook) text { return pb.workplaces }, 1, workplacePractice},
	greenCourtyards: {courtyardsText, func(pb phrasebook) text { return pb.courtyards }, 0, courtyardsPractice},
	youthFirstAid:   {firstAidText, func(pb phrasebook) text { return pb.firstAid }, 1, firstAidPractice},
}
