package demo

import (
	"fmt"
	"sort"
	"strings"

	"policycredit/data"
)

// capital gives the office the local-budget capital its province and local loans are lent
// from: a province pool, a district pool and a pool for each of the first communes that lend
// from their own budget, each entrusted a little before Directive 40 and topped up every
// December by as much as its loans will need the next year (with a tenth more), so that every
// pool covers its loans on every day. Loans find their pools by data.PoolFor, as the store
// assigns them on import.
func (g *generator) capital() {
	ds := g.ds
	communeOf := map[int64]int64{}
	for _, v := range ds.Villages {
		communeOf[v.ID] = v.CommuneID
	}
	borrowerCommune := map[int64]int64{}
	for _, b := range ds.Borrowers {
		borrowerCommune[b.ID] = communeOf[b.VillageID]
	}
	pools := []data.CapitalPool{
		{ID: 1, Level: data.CapitalProvince, Giver: "Ủy ban nhân dân tỉnh " + g.prof.province},
		{ID: 2, Level: data.CapitalDistrict, Giver: "Ủy ban nhân dân " + g.prof.district},
	}
	// Commune pools for up to three communes with local loans, the lowest IDs first.
	localCommunes := map[int64]bool{}
	for _, l := range ds.Loans {
		if l.Source == data.SourceLocal {
			localCommunes[borrowerCommune[l.BorrowerID]] = true
		}
	}
	for _, c := range ds.Communes {
		if len(pools) == 5 {
			break
		}
		if localCommunes[c.ID] {
			pools = append(pools, data.CapitalPool{ID: int64(len(pools) + 1), Level: data.CapitalCommune,
				Giver: "Ủy ban nhân dân " + lowerPlaceWord(c.Name), CommuneID: c.ID})
		}
	}

	// A loan's exposure is its approved amount from its signing, less what is repaid or
	// written off: never less than what it owes plus what it may still draw.
	type move struct {
		on     data.Date
		amount data.Dong
	}
	moves := map[int64][]move{} // by pool
	poolOf := map[int64]int64{}
	for _, l := range ds.Loans {
		p, ok := data.PoolFor(pools, l.Source, borrowerCommune[l.BorrowerID])
		if !ok {
			continue
		}
		poolOf[l.ID] = p.ID
		moves[p.ID] = append(moves[p.ID], move{l.SignedOn, l.Amount})
	}
	byID := make(map[int64]data.Entry, len(ds.Entries)/8)
	for _, e := range ds.Entries {
		pool := poolOf[e.LoanID]
		if pool == 0 {
			continue
		}
		byID[e.ID] = e
		kind, sign := e.Kind, data.Dong(-1)
		if e.Kind == data.EntryReversal {
			kind, sign = byID[e.Reverses].Kind, 1
		}
		if info, ok := data.InfoOf(kind); ok && (info.Moves == data.BalRepaid || info.Moves == data.BalWrittenOff) {
			moves[pool] = append(moves[pool], move{e.ValueDate, sign * e.Amount})
		}
	}

	r := g.stream(streamCapital)
	var entries []data.CapitalEntry
	add := func(pool int64, on data.Date, amount data.Dong) {
		entries = append(entries, data.CapitalEntry{ID: int64(len(entries) + 1), PoolID: pool, Kind: data.CapitalTransfer,
			On: on, Amount: amount, Decision: fmt.Sprintf("%d/QĐ-UBND", 100+r.IntN(3900))})
	}
	for _, p := range pools {
		ms := moves[p.ID]
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].on.Before(ms[j].on) })
		// The peak exposure of each year.
		peak := map[int]data.Dong{}
		var exposure data.Dong
		first, last := 0, 0
		for _, m := range ms {
			exposure += m.amount
			y := m.on.Year()
			if exposure > peak[y] {
				peak[y] = exposure
			}
			if first == 0 || y < first {
				first = y
			}
			last = max(last, y)
		}
		// Entrusted before the Directive, the base its growth is measured from.
		var balance data.Dong = 100_000_000 * data.Dong(1+r.IntN(3))
		base := data.NewDate(2014, 6, 10+r.IntN(15))
		if first != 0 && first <= 2014 {
			base = data.NewDate(first-1, 12, 20)
		}
		add(p.ID, base, balance)
		carried := data.Dong(0)
		for y := base.Year() + 1; y <= max(last, g.until.Year()); y++ {
			carried = max(carried, peak[y-1])
			need := max(peak[y], carried) * 11 / 10
			const step = 10_000_000
			need = (need + step - 1) / step * step
			on := data.NewDate(y-1, 12, 20)
			if need > balance && !on.After(g.until) {
				add(p.ID, on, need-balance)
				balance = need
			}
			// In July the budget adds what is left of the interest its loans earned, after the
			// office's fees and the risk reserve, by a decision of its own.
			if july := data.NewDate(y, 7, 5+r.IntN(20)); !july.After(g.until) && peak[y] > 0 {
				extra := (balance * data.Dong(2+r.IntN(4)) / 100) / 1_000_000 * 1_000_000
				if extra > 0 {
					add(p.ID, july, extra)
					balance += extra
				}
			}
		}
	}
	g.ds.Capital = data.CapitalDataset{Pools: pools, Entries: entries}
}

// lowerPlaceWord writes "Xã Quỳnh Lâm" as "xã Quỳnh Lâm", as a committee's name has it.
func lowerPlaceWord(name string) string {
	for _, w := range []string{"Xã ", "Phường ", "Thị trấn "} {
		if strings.HasPrefix(name, w) {
			return strings.ToLower(w[:1]) + name[1:]
		}
	}
	return name
}
