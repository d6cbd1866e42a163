package ui

import (
	"context"

	"policycredit/data"
)

// villageChoice is one entry of a village picker.
type villageChoice struct {
	id    int64
	label string
}

// villageChoices are every village of the office, labelled "village · commune", in the order a
// picker shows them.
type villageChoices []villageChoice

// places are the office's communes and all their villages, read in two queries off the UI
// goroutine; the screens derive their pickers and filters from them.
type places struct {
	communes []data.Commune
	villages []data.Village
}

func loadPlaces(ctx context.Context, store data.PlaceStore) (places, error) {
	var p places
	var err error
	if p.communes, err = store.Communes(ctx); err != nil {
		return p, err
	}
	p.villages, err = store.Villages(ctx, 0)
	return p, err
}

// byCommune groups the villages by commune, each in list order.
func (p places) byCommune() map[int64][]data.Village {
	out := make(map[int64][]data.Village, len(p.communes))
	for _, v := range p.villages {
		out[v.CommuneID] = append(out[v.CommuneID], v)
	}
	return out
}

// villageChoices are the village picker's choices, "village · commune", communes in list order.
func (p places) villageChoices() villageChoices {
	byCommune := p.byCommune()
	out := make(villageChoices, 0, len(p.villages))
	for _, c := range p.communes {
		for _, v := range byCommune[c.ID] {
			out = append(out, villageChoice{id: v.ID, label: v.Name + " · " + c.Name})
		}
	}
	return out
}

// labels are the picker's options.
func (vs villageChoices) labels() []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.label
	}
	return out
}

// label is the option of village id, "" when it is not among them.
func (vs villageChoices) label(id int64) string {
	for _, v := range vs {
		if v.id == id {
			return v.label
		}
	}
	return ""
}

// id is the village of a chosen option, 0 for none.
func (vs villageChoices) id(label string) int64 {
	for _, v := range vs {
		if v.label == label {
			return v.id
		}
	}
	return 0
}
