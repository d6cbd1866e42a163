package demo

// standing is how well a commune's borrowers repay. Real offices report an overdue ratio of
// 0.05–0.3 % with overdue debt gathered in a few communes: one province had 339 of its 558
// communes with no overdue debt at all. A uniform chance of arrears would leave a little
// overdue in every commune, so each commune gets a standing instead.
type standing uint8

const (
	// standingUsual: borrowers fall behind now and then, as everywhere.
	standingUsual standing = iota
	// standingClean: the commune has no overdue debt on the end date. Its borrowers fell
	// behind in the past, but have caught up: the commune's officers and associations chase
	// every installment before the transaction day closes.
	standingClean
	// standingWeak: arrears are twice as frequent; the meeting slides rank these communes
	// last.
	standingWeak
)

// weakArrearsPerThousand is the chance of arrears in a weak commune, per 1,000 loans.
const weakArrearsPerThousand = 2 * arrearsPerThousand

// rankCommunes gives each commune its standing: 40–55 % of the communes clean (at least one),
// one in six weak (at least one of three communes or more), the rest usual.
func (g *generator) rankCommunes() {
	r := g.stream(streamStanding)
	n := len(g.ds.Communes)
	g.standing = make([]standing, n)
	clean := max(1, n*(40+r.IntN(16))/100)
	weak := 0
	if n >= 3 {
		weak = min(max(1, n/6), n-clean)
	}
	for k, i := range r.Perm(n) {
		switch {
		case k < clean:
			g.standing[i] = standingClean
		case k < clean+weak:
			g.standing[i] = standingWeak
		}
	}
}

// standingOf is the standing of the commune of borrower bi.
func (g *generator) standingOf(bi int) standing {
	return g.standing[g.ds.Villages[g.ds.Borrowers[bi].VillageID-1].CommuneID-1]
}
