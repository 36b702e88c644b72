package corpus

import (
	"fmt"
	"sort"
)

// City is a member city of the corpus's network and the share of all
// practices it holds.
type City struct {
	Country, ID string
	Share       float64
}

// country is one country of the corpus: the share of practices its
// cities hold, how many cities it has, and its biggest city, which holds
// big of the country's practices. The other cities' shares fall off as
// 1/rank (Zipf), as members of a national network do: a few active
// towns and a long tail that shares a little.
type country struct {
	code    string
	share   float64
	cities  int
	capital string
	big     float64
}

// countries are eight countries of unequal size, about the languages the
// hub speaks: a regional coordinator's network.
var countries = []country{
	{"se", 0.28, 50, "stockholm", 0.30},
	{"de", 0.22, 40, "berlin", 0.25},
	{"fr", 0.15, 30, "paris", 0.25},
	{"es", 0.12, 25, "madrid", 0.30},
	{"fi", 0.08, 20, "helsinki", 0.35},
	{"dk", 0.07, 15, "copenhagen", 0.40},
	{"ru", 0.05, 12, "moscow", 0.30},
	{"gb", 0.03, 8, "london", 0.35},
}

// cities are every city of the corpus, country by country, the biggest
// first; cumShare is the running total of their shares, which Place
// searches.
var cities, cumShare = makeCities()

func makeCities() ([]City, []float64) {
	var out []City
	var cum []float64
	total := 0.0
	for _, c := range countries {
		zipf := 0.0
		for k := 1; k < c.cities; k++ {
			zipf += 1 / float64(k)
		}
		out = append(out, City{Country: c.code, ID: c.capital, Share: c.share * c.big})
		for k := 1; k < c.cities; k++ {
			out = append(out, City{Country: c.code, ID: fmt.Sprintf("%s-town-%02d", c.code, k),
				Share: c.share * (1 - c.big) / float64(k) / zipf})
		}
	}
	for _, c := range out {
		total += c.Share
		cum = append(cum, total)
	}
	return out, cum
}

// Cities are the corpus's member cities, country by country, each
// country's biggest first.
func Cities() []City { return append([]City(nil), cities...) }

// Place is the city (its index in Cities) that shares the i-th practice.
// Cities' practices are interleaved, as they arrive at a hub, and every
// city holds about its share of any stretch of them.
func Place(i int) int {
	u := float64(mix(i, 0)>>11) / (1 << 53) * cumShare[len(cumShare)-1]
	return min(sort.SearchFloat64s(cumShare, u), len(cities)-1)
}

// mix is a deterministic 64-bit hash of the i-th practice and a salt
// (splitmix64), so that each of a practice's traits is drawn apart.
func mix(i int, salt uint64) uint64 {
	z := uint64(i)*0x9e3779b97f4a7c15 + salt*0xbf58476d1ce4e5b9 + 0x632be59bd9b4e5e1
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
