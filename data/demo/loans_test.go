package demo

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"sync"
	"testing"
	"time"

	"policycredit/data"
)

// goldenNonLoan are hashes of the office, places, groups, ratings and borrowers, recorded
// before the loans stage existed: adding loans must not change who lives where.
var goldenNonLoan = []struct {
	scale string
	seed  int64
	hash  string
}{
	{"small", 1, "161d8ea84bfd6a868f2f52163cfbe284b8a28feaa64bc2593b797a15a505208f"},
	{"small", 20260115, "54acf4f130ef14beeb93a73dedfd23937ba19cd262849bcb8c8190b7f2bd42c3"},
	{"district", 42, "c0aeee42c52ba3b11b21fb0028f9451fe53d8c83646c065d70db8c361ad3e0af"},
	{"district", 20260115, "2355de0fc7a873ced48e1cd317da16aeafd89fb300859ed535f2af3dbd1a836a"},
	{"large", 7, "42a02a330877bcf898ef5869f96bdd62534e552870baec6380a05d9f0492001d"},
}

func nonLoanHash(t *testing.T, ds *data.Dataset) string {
	t.Helper()
	b, err := json.Marshal([]any{ds.Office, ds.Communes, ds.Villages, ds.Points, ds.Groups, ds.Ratings, ds.Borrowers})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// withoutLoans is a scale with the loans stage switched off.
func withoutLoans(s Scale) Scale {
	s.Loans, s.Entries = 0, 0
	return s
}

func TestNonLoanPartsUnchanged(t *testing.T) {
	t.Parallel()
	for _, c := range goldenNonLoan {
		// The golden hashes hold with the loans stage off …
		if got := nonLoanHash(t, Generate(withoutLoans(Scales[c.scale]), c.seed, Today)); got != c.hash {
			t.Errorf("%s/%d without loans: non-loan hash %s, want %s", c.scale, c.seed, got, c.hash)
		}
	}
	// … and on: the loans stage reads the people but never changes them.
	for _, c := range goldenNonLoan {
		if c.scale == "large" {
			continue // TestScales covers it outside -short
		}
		ds := c.scale == "district" && c.seed == testSeed
		var got *data.Dataset
		if ds {
			got = districtDataset(t)
		} else {
			got = Generate(Scales[c.scale], c.seed, Today)
		}
		if len(got.Loans) == 0 || len(got.Entries) == 0 {
			t.Fatalf("%s/%d: no loans or entries", c.scale, c.seed)
		}
		if h := nonLoanHash(t, got); h != c.hash {
			t.Errorf("%s/%d with loans: non-loan hash %s, want %s", c.scale, c.seed, h, c.hash)
		}
	}
	off := Generate(withoutLoans(Scales["small"]), 3, Today)
	if off.Loans != nil || off.Entries != nil || off.Schedules != nil {
		t.Errorf("loans off: got %d loans, %d entries", len(off.Loans), len(off.Entries))
	}
}

const testSeed = 20260115

var (
	districtOnce sync.Once
	districtDS   *data.Dataset
)

// districtDataset is the district office of testSeed, generated once for the tests that
// read it.
func districtDataset(t *testing.T) *data.Dataset {
	t.Helper()
	districtOnce.Do(func() {
		start := time.Now()
		var st loanStats
		districtDS, st = generate(Scales["district"], testSeed, Today)
		t.Logf("district generated in %v; %s", time.Since(start), st)
	})
	return districtDS
}

func TestToday(t *testing.T) {
	t.Parallel()
	if Today.String() != TodayISO || TodayISO != "2026-11-20" {
		t.Fatalf("Today = %s, TodayISO = %s", Today, TodayISO)
	}
}

// TestLoanCounts: exactly scale.Loans loans and scale.Entries entries within ±15 %.
func TestLoanCounts(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"small", "district"} {
		t.Run(name, func(t *testing.T) {
			s := Scales[name]
			var ds *data.Dataset
			if name == "district" {
				ds = districtDataset(t)
			} else {
				ds = Generate(s, testSeed, Today)
			}
			if len(ds.Loans) != s.Loans {
				t.Errorf("%d loans, want %d", len(ds.Loans), s.Loans)
			}
			within(t, "entries", len(ds.Entries), s.Entries)
			if len(ds.Schedules) != len(ds.Loans) {
				t.Errorf("%d schedules for %d loans", len(ds.Schedules), len(ds.Loans))
			}
		})
	}
}

func within(t *testing.T, what string, got, want int) {
	t.Helper()
	dev := float64(got-want) / float64(want)
	if dev < -0.15 || dev > 0.15 {
		t.Errorf("%s = %d, want %d ± 15 %% (off by %+.1f %%)", what, got, want, 100*dev)
	} else {
		t.Logf("%s = %d (target %d, %+.1f %%)", what, got, want, 100*dev)
	}
}

func TestLoansDeterministic(t *testing.T) {
	t.Parallel()
	a := Generate(Scales["small"], 99, Today)
	b := Generate(Scales["small"], 99, Today)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different loans or entries")
	}
	c := Generate(Scales["small"], 100, Today)
	if reflect.DeepEqual(a.Loans, c.Loans) {
		t.Fatal("different seeds gave the same loans")
	}
}

// books rebuilds every loan's book and every saver's savings ledger from a dataset.
func books(ds *data.Dataset) (loans []data.Book, savings map[int64][]data.Entry) {
	programs := map[string]data.Program{}
	for _, p := range data.DefaultPrograms() {
		programs[p.Code] = p
	}
	settings := data.DefaultSettings()
	loans = make([]data.Book, len(ds.Loans))
	for i, l := range ds.Loans {
		loans[i] = data.Book{Loan: l, Schedule: ds.Schedules[l.ID], Rates: programs[l.ProgramCode].Rates, Settings: settings}
	}
	savings = map[int64][]data.Entry{}
	for _, e := range ds.Entries {
		if e.LoanID != 0 {
			loans[e.LoanID-1].Entries = append(loans[e.LoanID-1].Entries, e)
		} else {
			savings[e.BorrowerID] = append(savings[e.BorrowerID], e)
		}
	}
	return loans, savings
}

// checkLoans asserts every rule generated loans and entries keep.
func checkLoans(t *testing.T, ds *data.Dataset, s Scale) {
	t.Helper()
	if len(ds.Loans) != s.Loans {
		t.Fatalf("%d loans, want %d", len(ds.Loans), s.Loans)
	}
	programs := map[string]data.Program{}
	for _, p := range data.DefaultPrograms() {
		programs[p.Code] = p
	}
	contract := regexp.MustCompile(`^([0-9]{5})/([0-9]{4})/([0-9]{4})$`)
	decision := regexp.MustCompile(`^QĐ [0-9]+/QĐ-(NHCS|HĐQT)$`)
	seen := map[string]bool{}
	for i, l := range ds.Loans {
		if l.ID != int64(i+1) {
			t.Fatalf("loan %d has ID %d", i, l.ID)
		}
		if i > 0 && l.SignedOn.Before(ds.Loans[i-1].SignedOn) {
			t.Errorf("loan %d signed %s before loan %d (%s)", l.ID, l.SignedOn, i, ds.Loans[i-1].SignedOn)
		}
		lp := l
		if err := lp.Validate(programs[l.ProgramCode]); err != nil {
			t.Errorf("loan %s (%s) does not validate: %v", l.Contract, l.ProgramCode, err)
		} else if !reflect.DeepEqual(lp, l) {
			t.Errorf("loan %s changed on Validate", l.Contract)
		}
		b := ds.Borrowers[l.BorrowerID-1]
		if l.GroupID != b.GroupID || !b.Active {
			t.Errorf("loan %s: group %d, borrower's %d, active %v", l.Contract, l.GroupID, b.GroupID, b.Active)
		}
		m := contract.FindStringSubmatch(l.Contract)
		commune := ds.Communes[ds.Villages[b.VillageID-1].CommuneID-1]
		if m == nil || m[1] != commune.Code || m[2] != fmt.Sprint(l.SignedOn.Year()) || seen[l.Contract] {
			t.Errorf("contract %q of a loan signed %s in commune %s (or duplicate)", l.Contract, l.SignedOn, commune.Code)
		}
		seen[l.Contract] = true
		if l.SignedOn.After(Today) || l.SignedOn.Before(Today.AddMonths(-12*maxHistoryYears-1)) {
			t.Errorf("loan %s signed %s", l.Contract, l.SignedOn)
		}
		if l.Amount%1_000_000 != 0 {
			t.Errorf("loan %s amount %d is not whole millions", l.Contract, l.Amount)
		}
		if len(l.RateOverrides) > 0 && l.Source != data.SourceLocal {
			t.Errorf("loan %s from %s has its own rate", l.Contract, l.Source)
		}
		sched, err := data.BuildSchedule(l)
		if err != nil || !reflect.DeepEqual(sched, ds.Schedules[l.ID]) {
			t.Errorf("loan %s: schedule %v differs from BuildSchedule (%v)", l.Contract, ds.Schedules[l.ID], err)
		}
		var sum data.Dong
		for _, in := range ds.Schedules[l.ID] {
			sum += in.Principal
		}
		if sum != l.Amount {
			t.Errorf("loan %s: schedule sums to %d, amount %d", l.Contract, sum, l.Amount)
		}
	}

	var last data.Entry
	for i, e := range ds.Entries {
		if e.ID != int64(i+1) {
			t.Fatalf("entry %d has ID %d", i, e.ID)
		}
		if i > 0 && (e.ValueDate.Before(last.ValueDate) || e.ValueDate.Equal(last.ValueDate) && e.LoanID < last.LoanID) {
			t.Fatalf("entry %d (%s, loan %d) after entry %d (%s, loan %d)", e.ID, e.ValueDate, e.LoanID, last.ID, last.ValueDate, last.LoanID)
		}
		last = e
		if e.ValueDate.After(Today) {
			t.Errorf("entry %d dated %s after Today", e.ID, e.ValueDate)
		}
		want := time.Date(e.ValueDate.Year(), e.ValueDate.Month(), e.ValueDate.Day(), 2, 0, 0, 0, time.UTC)
		if e.PostedAt != want || e.User != "demo" {
			t.Errorf("entry %d posted %v by %q", e.ID, e.PostedAt, e.User)
		}
		if e.BorrowerID < 1 || int(e.BorrowerID) > len(ds.Borrowers) {
			t.Fatalf("entry %d borrower %d", e.ID, e.BorrowerID)
		}
		if e.LoanID != 0 {
			l := ds.Loans[e.LoanID-1]
			if e.BorrowerID != l.BorrowerID || e.ValueDate.Before(l.SignedOn) {
				t.Errorf("entry %d of loan %s: borrower %d, date %s", e.ID, l.Contract, e.BorrowerID, e.ValueDate)
			}
		} else if ds.Borrowers[e.BorrowerID-1].GroupID == 0 {
			t.Errorf("savings entry %d of borrower %d, who is in no group", e.ID, e.BorrowerID)
		}
		switch e.Kind {
		case data.EntryDeposit:
			if e.Amount < 5_000 || e.LoanID != 0 {
				t.Errorf("deposit %+v", e)
			}
		case data.EntrySavingsInterest:
			if md := e.ValueDate.String()[5:]; md != "06-30" && md != "12-31" {
				t.Errorf("savings interest credited on %s", e.ValueDate)
			}
		case data.EntryFreeze, data.EntryWriteOff, data.EntryReschedule, data.EntryExtend:
			if !decision.MatchString(e.Decision) || e.DecisionDate.IsZero() || e.DecisionDate.After(e.ValueDate) {
				t.Errorf("entry %d %s: decision %q of %s", e.ID, e.Kind, e.Decision, e.DecisionDate)
			}
		case data.EntryReversal:
			o := ds.Entries[e.Reverses-1]
			if e.Reverses >= e.ID || o.LoanID != e.LoanID || o.BorrowerID != e.BorrowerID || !o.ValueDate.Equal(e.ValueDate) {
				t.Errorf("reversal %+v of %+v", e, o)
			}
		}
		if e.Amount < 0 {
			t.Errorf("entry %d amount %d", e.ID, e.Amount)
		}
	}

	// Every loan's status agrees with the engine on Today.
	lbs, _ := books(ds)
	type span struct {
		from, to data.Date
		contract string
	}
	spans := map[string][]span{} // by borrower and program family
	for _, b := range lbs {
		l := b.Loan
		p, err := data.PositionOn(b, Today)
		if err != nil {
			t.Fatalf("position of %s: %v", l.Contract, err)
		}
		switch l.Status {
		case data.LoanClosed:
			if p.Principal() != 0 || p.Disbursed != l.Amount || p.InterestDue != 0 || p.PenaltyDue != 0 || p.WrittenOff != 0 {
				t.Errorf("closed loan %s owes %+v", l.Contract, p)
			}
		case data.LoanWrittenOff:
			if p.Principal() != 0 || p.WrittenOff == 0 {
				t.Errorf("written-off loan %s: %+v", l.Contract, p)
			}
		case data.LoanActive:
			if p.Principal() == 0 && p.Disbursed == l.Amount {
				t.Errorf("active loan %s owes nothing", l.Contract)
			}
		default:
			t.Errorf("loan %s status %q", l.Contract, l.Status)
		}
		if p.Disbursed == 0 {
			t.Errorf("loan %s never disbursed", l.Contract)
		}
		bw := ds.Borrowers[l.BorrowerID-1]
		if bw.GroupID != 0 && l.SignedOn.Before(ds.Groups[bw.GroupID-1].FoundedOn) {
			t.Errorf("loan %s signed %s, before its group was founded", l.Contract, l.SignedOn)
		}
		if l.SignedOn.Year() < bw.BirthYear+18 {
			t.Errorf("loan %s signed %s by someone born in %d", l.Contract, l.SignedOn, bw.BirthYear)
		}
		family := l.ProgramCode
		if poverty(family) {
			family = "poverty"
		} else if !oneAtATime(family) {
			continue // students borrow per student, jobs per worker, water per facility
		}
		end := Today
		if l.Status != data.LoanActive {
			end = b.Entries[len(b.Entries)-1].ValueDate
		}
		k := fmt.Sprint(l.BorrowerID, family)
		spans[k] = append(spans[k], span{l.SignedOn, end, l.Contract})
	}
	// A household holds one loan of a program at a time (of the poverty programs 01, 19, 09,
	// one between them): a new one is signed at the earliest on the day the previous one is
	// settled.
	for _, ss := range spans {
		for i := 1; i < len(ss); i++ {
			for j := range i {
				a, b := ss[j], ss[i]
				if a.from.Before(b.to) && b.from.Before(a.to) {
					t.Errorf("loans %s (%s–%s) and %s (%s–%s) of one household overlap", a.contract, a.from, a.to, b.contract, b.from, b.to)
				}
			}
		}
	}
}

// TestCheckEntrySmall replays the whole ledger of a small office through the engine's
// CheckEntry, each entry against the book as it stood when the entry was posted.
func TestCheckEntrySmall(t *testing.T) {
	t.Parallel()
	ds := Generate(Scales["small"], testSeed, Today)
	replay(t, ds, 1)
}

// TestCheckEntryDistrict replays one loan in twenty and one saver in twenty of the district.
func TestCheckEntryDistrict(t *testing.T) {
	t.Parallel()
	replay(t, districtDataset(t), 20)
}

func replay(t *testing.T, ds *data.Dataset, every int) {
	t.Helper()
	lbs, savings := books(ds)
	checked, failed := 0, 0
	check := func(b data.Book, what string) {
		all := b.Entries
		b.Entries = make([]data.Entry, 0, len(all))
		for _, e := range all {
			checked++
			if err := data.CheckEntry(b, e); err != nil {
				failed++
				if failed <= 20 {
					t.Errorf("%s: entry %d %s %s %d: %v", what, e.ID, e.ValueDate, e.Kind, e.Amount, err)
				}
			}
			b.Entries = append(b.Entries, e)
		}
	}
	for i, b := range lbs {
		if i%every == 0 {
			check(b, "loan "+b.Loan.Contract)
		}
	}
	ids := make([]int64, 0, len(savings))
	for id := range savings {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for i, id := range ids {
		if i%every == 0 {
			check(data.Book{Settings: data.DefaultSettings(), Entries: savings[id]}, fmt.Sprintf("savings of %d", id))
		}
	}
	t.Logf("CheckEntry on %d entries: %d refused", checked, failed)
}

// portfolio is what an office looks like on Today, computed by the engine.
type portfolio struct {
	outstanding, overdue, frozen                          data.Dong
	closed, active, writtenOff, frozenLoans, overdueLoans int
	rescheduled, extended, reversed, earlyRepaid, late    int
	penaltyPaid                                           int
	bySource                                              map[data.FundingSource]int
	byProgram                                             map[string]int
	savers, withdrawals, savingsCredits                   int
}

func (p portfolio) ratio() float64 { return float64(p.overdue) / float64(p.outstanding) }

func survey(t *testing.T, ds *data.Dataset) portfolio {
	t.Helper()
	lbs, savings := books(ds)
	pf := portfolio{bySource: map[data.FundingSource]int{}, byProgram: map[string]int{}}
	for _, b := range lbs {
		p, err := data.PositionOn(b, Today)
		if err != nil {
			t.Fatal(err)
		}
		pf.outstanding += p.Principal()
		pf.overdue += p.Overdue
		pf.frozen += p.Frozen
		if p.Frozen > 0 {
			pf.frozenLoans++
		}
		if p.Overdue > 0 {
			pf.overdueLoans++
		}
		switch b.Loan.Status {
		case data.LoanClosed:
			pf.closed++
		case data.LoanActive:
			pf.active++
		case data.LoanWrittenOff:
			pf.writtenOff++
		}
		pf.bySource[b.Loan.Source]++
		pf.byProgram[b.Loan.ProgramCode]++
		var resched, ext, rev, early, late, pen bool
		for _, e := range b.Entries {
			switch e.Kind {
			case data.EntryReschedule:
				resched = true
			case data.EntryExtend:
				ext = true
			case data.EntryReversal:
				rev = true
			case data.EntryPenalty:
				pen = true
			case data.EntryPrincipal:
				early = early || e.Note == notePayoff || e.Note == "Tất toán trước hạn để vay món mới"
				late = late || e.Note == noteLate
			}
		}
		for _, x := range []struct {
			ok bool
			n  *int
		}{{resched, &pf.rescheduled}, {ext, &pf.extended}, {rev, &pf.reversed}, {early, &pf.earlyRepaid}, {late, &pf.late}, {pen, &pf.penaltyPaid}} {
			if x.ok {
				*x.n++
			}
		}
	}
	pf.savers = len(savings)
	for _, es := range savings {
		for _, e := range es {
			switch e.Kind {
			case data.EntryWithdraw:
				pf.withdrawals++
			case data.EntrySavingsInterest:
				pf.savingsCredits++
			}
		}
	}
	return pf
}

// TestDistrictLooksReal checks the district office on Today: the overdue ratio real offices
// report (0.05–0.3 %), and that every kind of event appears.
func TestDistrictLooksReal(t *testing.T) {
	t.Parallel()
	ds := districtDataset(t)
	checkLoans(t, ds, Scales["district"])
	pf := survey(t, ds)
	t.Logf("outstanding %d M, overdue %d M (%.3f %%, %d loans), frozen %d M (%d loans)",
		pf.outstanding/1e6, pf.overdue/1e6, 100*pf.ratio(), pf.overdueLoans, pf.frozen/1e6, pf.frozenLoans)
	t.Logf("loans: %d active, %d closed, %d written off; %d rescheduled, %d extended, %d with a reversal, %d repaid early, %d paid late, %d paid penalty",
		pf.active, pf.closed, pf.writtenOff, pf.rescheduled, pf.extended, pf.reversed, pf.earlyRepaid, pf.late, pf.penaltyPaid)
	t.Logf("sources %v; programs %v", pf.bySource, pf.byProgram)
	t.Logf("savers %d, withdrawals %d, savings interest credits %d", pf.savers, pf.withdrawals, pf.savingsCredits)
	if r := pf.ratio(); r < 0.0005 || r > 0.003 {
		t.Errorf("overdue ratio %.3f %%, want 0.05–0.3 %%", 100*r)
	}
	for _, c := range []struct {
		what   string
		n, min int
	}{
		{"closed loans", pf.closed, len(ds.Loans) / 10},
		{"active loans", pf.active, len(ds.Loans) / 2},
		{"frozen loans", pf.frozenLoans, 5},
		{"rescheduled loans", pf.rescheduled, 5},
		{"extended loans", pf.extended, 5},
		{"loans with a reversal", pf.reversed, 5},
		{"early repayments", pf.earlyRepaid, 50},
		{"late payments", pf.late, 50},
		{"written-off loans", pf.writtenOff, 1},
		{"overdue loans", pf.overdueLoans, 5},
		{"withdrawals", pf.withdrawals, 10},
		{"savers", pf.savers, len(ds.Borrowers) * 7 / 10},
	} {
		if c.n < c.min {
			t.Errorf("%d %s, want at least %d", c.n, c.what, c.min)
		}
	}
	if frozenShare := float64(pf.frozen) / float64(pf.outstanding); frozenShare > 0.01 {
		t.Errorf("frozen %.2f %% of outstanding", 100*frozenShare)
	}
	n := float64(len(ds.Loans))
	if c := float64(pf.bySource[data.SourceCentral]) / n; c < 0.8 || c > 0.9 {
		t.Errorf("central share %.2f", c)
	}
	if l := float64(pf.bySource[data.SourceLocal]) / n; l < 0.03 || l > 0.08 {
		t.Errorf("local share %.2f", l)
	}
	// Programs by category: poor → 01, near-poor → 19, newly out of poverty → 09.
	byCat := map[data.Category]map[string]int{}
	for _, l := range ds.Loans {
		c := ds.Borrowers[l.BorrowerID-1].Category
		if byCat[c] == nil {
			byCat[c] = map[string]int{}
		}
		byCat[c][l.ProgramCode]++
	}
	for c, want := range map[data.Category]string{data.CategoryPoor: "01", data.CategoryNearPoor: "19", data.CategoryNewlyOut: "09", data.CategoryOther: "03"} {
		best, most := "", 0
		for code, k := range byCat[c] {
			if k > most {
				best, most = code, k
			}
		}
		if best != want {
			t.Errorf("%s households borrow mostly from %s (%v), want %s", c, best, byCat[c], want)
		}
	}
	// Weighted to recent years: more loans signed in the last three years than in the three
	// years from seven to ten years back.
	recent, old := 0, 0
	for _, l := range ds.Loans {
		switch age := monthsBetween(l.SignedOn, Today); {
		case age < 36:
			recent++
		case age >= 84:
			old++
		}
	}
	if old == 0 || recent < 2*old {
		t.Errorf("%d loans signed in the last three years, %d seven to ten years ago", recent, old)
	}
}

func BenchmarkGenerateDistrict(b *testing.B) {
	s := Scales["district"]
	for i := 0; b.Loop(); i++ {
		ds := Generate(s, int64(i), Today)
		b.ReportMetric(float64(len(ds.Entries)), "entries")
	}
}
