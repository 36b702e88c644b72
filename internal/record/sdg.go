package record

import "strconv"

// sdgNames are the 17 Sustainable Development Goals' short names, as the
// United Nations write them in English; pages show them in the reader's
// language from the catalogue, under SDGTerm.
var sdgNames = [...]string{
	1: "No poverty", 2: "Zero hunger", 3: "Good health and well-being", 4: "Quality education",
	5: "Gender equality", 6: "Clean water and sanitation", 7: "Affordable and clean energy",
	8: "Decent work and economic growth", 9: "Industry, innovation and infrastructure",
	10: "Reduced inequalities", 11: "Sustainable cities and communities",
	12: "Responsible consumption and production", 13: "Climate action", 14: "Life below water",
	15: "Life on land", 16: "Peace, justice and strong institutions", 17: "Partnerships for the goals",
}

// SDGCount is how many goals there are.
const SDGCount = len(sdgNames) - 1

// SDGName is goal n's English name, "" when n is not a goal.
func SDGName(n int) string {
	if n < 1 || n > SDGCount {
		return ""
	}
	return sdgNames[n]
}

// SDGTerm is goal n's id in the catalogues ("SDG.3").
func SDGTerm(n int) string { return "SDG." + strconv.Itoa(n) }
