package webui

// NavItem is one link of the main navigation.
type NavItem struct {
	Href, Label string
	Current     bool
	// Group is the English name of the group the link belongs to
	// ("Records"); the first links may have none. Links of a group come
	// one after another.
	Group string
}

// NavGroup is a run of links under one name, as the layout shows them.
type NavGroup struct {
	Label string
	Items []NavItem
}

// NavGroups are the page's links in their groups, in order.
func (p Page) NavGroups() []NavGroup {
	var out []NavGroup
	for _, it := range p.Nav {
		if len(out) == 0 || out[len(out)-1].Label != it.Group {
			out = append(out, NavGroup{Label: it.Group})
		}
		g := &out[len(out)-1]
		g.Items = append(g.Items, it)
	}
	return out
}

// Section is the English label of the current link, empty on a page no
// link leads to; a phone shows it beside the menu's button.
func (p Page) Section() string {
	for _, it := range p.Nav {
		if it.Current {
			return it.Label
		}
	}
	return ""
}

// Nav marks the item whose Href is current.
func Nav(current string, items ...NavItem) []NavItem {
	out := make([]NavItem, len(items))
	for i, it := range items {
		it.Current = it.Href == current
		out[i] = it
	}
	return out
}
