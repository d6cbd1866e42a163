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

// loadVillageChoices reads the communes and all their villages in two queries; call it off the
// UI goroutine.
func loadVillageChoices(ctx context.Context, store data.PlaceStore) (villageChoices, error) {
	communes, err := store.Communes(ctx)
	if err != nil {
		return nil, err
	}
	villages, err := store.Villages(ctx, 0)
	if err != nil {
		return nil, err
	}
	byCommune := make(map[int64][]data.Village, len(communes))
	for _, v := range villages {
		byCommune[v.CommuneID] = append(byCommune[v.CommuneID], v)
	}
	out := make(villageChoices, 0, len(villages))
	for _, c := range communes { // communes in list order, villages in theirs
		for _, v := range byCommune[c.ID] {
			out = append(out, villageChoice{id: v.ID, label: v.Name + " · " + c.Name})
		}
	}
	return out, nil
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
