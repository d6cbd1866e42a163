package transfer

import (
	"strings"

	"policycredit/data"
	"policycredit/reports"
	"policycredit/translations"
)

// Office is an office's records as the export writes them: each sheet has the columns the
// import reads, titled as the import recognises them in every language, followed by the
// figures on the export's date, which the import leaves aside. An exported office therefore
// imports back as it was.
type Office struct {
	Office    data.Office
	Communes  []data.Commune
	Villages  []data.Village
	Points    []data.Point
	Groups    []data.GroupLine
	Borrowers []data.BorrowerView
	Loans     []data.LoanView
	OwnRates  map[int64][]data.RatePeriod // by loan ID
	Outcomes  map[int64]data.Outcome      // what each loan achieves, by loan ID; none: nothing recorded
	Entries   []data.LedgerLine
	// The local-budget capital ledger (capital.go).
	CapitalPools   []data.CapitalPool
	CapitalEntries []data.CapitalEntry
}

func column(loc *translations.Localizer, key string, kind reports.Kind) reports.Column {
	return reports.Column{Title: loc.T(fields[key].TitleID()), Kind: kind}
}

func columns(loc *translations.Localizer, keys ...string) []reports.Column {
	out := make([]reports.Column, len(keys))
	for i, k := range keys {
		kind := reports.KindText
		switch fields[k].Type {
		case TypeDate:
			kind = reports.KindDate
		case TypeMoney:
			kind = reports.KindMoney
		case TypeInteger:
			kind = reports.KindInteger
		}
		out[i] = column(loc, k, kind)
	}
	return out
}

func dayCell(d data.Date) reports.Cell {
	if d.IsZero() {
		return reports.Cell{}
	}
	return reports.Day(d)
}

func intCell(n int) reports.Cell {
	if n == 0 {
		return reports.Cell{}
	}
	return reports.Int(int64(n))
}

// placeCodes are the communes' and villages' codes by ID: the sheets name places by code.
func (o Office) placeCodes() (communes, villages map[int64]string) {
	communes, villages = map[int64]string{}, map[int64]string{}
	for _, c := range o.Communes {
		communes[c.ID] = c.Code
	}
	for _, v := range o.Villages {
		villages[v.ID] = v.Code
	}
	return communes, villages
}

// PlacesSheet lists communes, then each one's villages and transaction points.
func (o Office) PlacesSheet(loc *translations.Localizer) reports.Table {
	s := reports.Table{Name: loc.T("export.sheet.places"), Columns: columns(loc, kindFields[KindPlaces].all...)}
	_, villageCode := o.placeCodes()
	if o.Office.Name != "" {
		s.Rows = append(s.Rows, []reports.Cell{reports.Text(loc.T("export.level.office")), {}, reports.Text(o.Office.Name),
			{}, {}, {}, {}, {}, reports.Text(o.Office.Branch), reports.Text(o.Office.Province)})
	}
	for _, c := range o.Communes {
		s.Rows = append(s.Rows, []reports.Cell{reports.Text(loc.T("export.level.commune")), reports.Text(c.Code),
			reports.Text(c.Name), reports.Text(c.Code), reports.Text(c.Name), reports.Text(c.FormerName), {}, {}, {}, {}})
		for _, v := range o.Villages {
			if v.CommuneID == c.ID {
				s.Rows = append(s.Rows, []reports.Cell{reports.Text(loc.T("export.level.village")), reports.Text(v.Code),
					reports.Text(v.Name), reports.Text(c.Code), reports.Text(c.Name), {}, {}, {}, {}, {}})
			}
		}
		for _, p := range o.Points {
			if p.CommuneID != c.ID {
				continue
			}
			codes := make([]string, 0, len(p.VillageIDs))
			for _, id := range p.VillageIDs {
				codes = append(codes, villageCode[id])
			}
			s.Rows = append(s.Rows, []reports.Cell{reports.Text(loc.T("export.level.point")), reports.Text(p.Code),
				reports.Text(p.Name), reports.Text(c.Code), reports.Text(c.Name), {}, reports.Int(int64(p.Day)),
				reports.Text(strings.Join(codes, ", ")), {}, {}})
		}
	}
	return s
}

// GroupsSheet lists groups with their latest rating, then what their loans owe.
func (o Office) GroupsSheet(loc *translations.Localizer) reports.Table {
	s := reports.Table{Name: loc.T("export.sheet.groups"), Columns: append(columns(loc, kindFields[KindGroups].all...),
		reports.Column{Title: loc.T("borrower.col.village")}, reports.Column{Title: loc.T("export.col.commune")},
		reports.Column{Title: loc.T("group.col.members"), Kind: reports.KindInteger},
		reports.Column{Title: loc.T("group.col.outstanding"), Kind: reports.KindMoney},
		reports.Column{Title: loc.T("group.col.overdue"), Kind: reports.KindMoney})}
	communeCode, villageCode := o.placeCodes()
	customerCode := map[int64]string{}
	for _, b := range o.Borrowers {
		customerCode[b.ID] = b.Code
	}
	for _, g := range o.Groups {
		rating := reports.Cell{}
		if g.LatestRating != "" {
			rating = reports.Text(loc.T("rating." + string(g.LatestRating)))
		}
		s.Rows = append(s.Rows, []reports.Cell{reports.Text(g.Code), reports.Text(g.Name),
			reports.Text(communeCode[g.CommuneID]), reports.Text(villageCode[g.VillageID]),
			reports.Text(loc.Association(g.Association)), reports.Text(customerCode[g.LeaderID]), dayCell(g.FoundedOn),
			rating, intCell(g.RatingYear), reports.Text(loc.T("status." + string(g.Status))), reports.Text(g.Note),
			reports.Text(g.Village), reports.Text(g.Commune), reports.Int(int64(g.Members)),
			reports.Money(g.Outstanding), reports.Money(g.Overdue)})
	}
	return s
}

// BorrowersSheet lists households with everything the import reads.
func (o Office) BorrowersSheet(loc *translations.Localizer) reports.Table {
	s := reports.Table{Name: loc.T("export.sheet.borrowers"), Columns: append(columns(loc, kindFields[KindBorrowers].all...),
		reports.Column{Title: loc.T("borrower.col.village")}, reports.Column{Title: loc.T("export.col.commune")},
		reports.Column{Title: loc.T("borrower.col.group")})}
	communeCode, villageCode := o.placeCodes()
	for _, b := range o.Borrowers {
		gender, status := reports.Cell{}, "active"
		if b.Gender != data.GenderUnknown {
			gender = reports.Text(loc.T("gender." + string(b.Gender)))
		}
		if !b.Active {
			status = "left"
		}
		s.Rows = append(s.Rows, []reports.Cell{reports.Text(b.Code), reports.Text(b.Name), gender, intCell(b.BirthYear),
			reports.Text(b.IDNumber), reports.Text(b.Phone), reports.Text(loc.T("category." + string(b.Category))),
			reports.Text(b.Ethnicity), reports.Text(communeCode[b.CommuneID]), reports.Text(villageCode[b.VillageID]),
			reports.Text(b.GroupCode), reports.Text(loc.T("borrower.status." + status)), reports.Text(b.Note),
			reports.Text(b.Village), reports.Text(b.Commune), reports.Text(b.GroupName)})
	}
	return s
}

// LoansSheet lists contracts with their terms and their balances on the export's date.
func (o Office) LoansSheet(loc *translations.Localizer) reports.Table {
	keys := []string{"contract", "customer_code", "program", "source", "amount", "units", "signed_on", "term", "plan",
		"every_months", "grace_months", "course_ends", "own_rates", "purpose", "group_code", "loan_status",
		"disbursed", "overdue", "frozen", "outstanding", "jobs", "houses", "water_works", "students", "study_months"}
	s := reports.Table{Name: loc.T("export.sheet.loans"), Columns: append(columns(loc, keys...),
		reports.Column{Title: loc.T("loans.col.borrower")})}
	groupCode := map[int64]string{}
	for _, g := range o.Groups {
		groupCode[g.ID] = g.Code
	}
	for _, l := range o.Loans {
		s.Rows = append(s.Rows, []reports.Cell{reports.Text(l.Contract), reports.Text(l.BorrowerCode),
			reports.Text(l.ProgramCode), reports.Text(loc.T("source." + string(l.Source))), reports.Money(l.Amount),
			intCell(l.Units), dayCell(l.SignedOn), reports.Int(int64(l.TermMonths)), reports.Text(loc.T("loans.plan." + string(l.Plan.Kind))),
			intCell(l.Plan.EveryMonths), intCell(l.Plan.GraceMonths), dayCell(l.Plan.CourseEnds),
			reports.Text(FormatRates(o.OwnRates[l.ID])), reports.Text(l.Purpose), reports.Text(groupCode[l.GroupID]),
			reports.Text(reports.StateText(loc, l.State)), reports.Money(l.Disbursed), reports.Money(l.Overdue),
			reports.Money(l.Frozen), reports.Money(l.Outstanding), outcomeCell(o.Outcomes[l.ID].Jobs),
			outcomeCell(o.Outcomes[l.ID].Houses), outcomeCell(o.Outcomes[l.ID].WaterWorks), outcomeCell(o.Outcomes[l.ID].Students),
			outcomeCell(o.Outcomes[l.ID].StudyMonths), reports.Text(l.BorrowerName)})
	}
	return s
}

// EntriesSheet lists the ledger in posting order; an entry's number is its key, by which a
// reversal names the entry it cancels.
func (o Office) EntriesSheet(loc *translations.Localizer) reports.Table {
	s := reports.Table{Name: loc.T("export.sheet.entries"), Columns: append(columns(loc, kindFields[KindEntries].all...),
		reports.Column{Title: loc.T("loans.col.borrower")}, reports.Column{Title: loc.T("export.col.user")})}
	s.Columns[0].Kind = reports.KindInteger
	s.Columns[10].Kind = reports.KindInteger
	for _, l := range o.Entries {
		reverses := reports.Cell{}
		if l.Reverses != 0 {
			reverses = reports.Int(l.Reverses)
		}
		s.Rows = append(s.Rows, []reports.Cell{reports.Int(l.ID), dayCell(l.ValueDate),
			reports.Text(loc.T("entry." + string(l.Kind))), reports.Text(l.Contract), reports.Text(l.BorrowerCode),
			reports.Money(l.Amount), intCell(l.Installment), dayCell(l.NewDate), reports.Text(l.Decision),
			dayCell(l.DecisionDate), reverses, reports.Text(l.Ref), reports.Text(l.Note),
			reports.Text(l.BorrowerName), reports.Text(l.User)})
	}
	return s
}

// outcomeCell is an outcome figure; nothing recorded is an empty cell, as the import reads it.
func outcomeCell(n int) reports.Cell {
	if n == 0 {
		return reports.Cell{}
	}
	return reports.Int(int64(n))
}
