package sqlite

import (
	"strings"
	"testing"

	"policycredit/data"
)

// TestImportRefusesAMoveTheDeskWouldRefuse: the demo office's reschedules and extensions pass
// the desk's rules on import (every other test imports it), and a reschedule dated after the
// installment fell due rejects the whole import, naming the entry and the rule.
func TestImportRefusesAMoveTheDeskWouldRefuse(t *testing.T) {
	t.Parallel()
	ds := *demoOffice()
	ds.Entries = append([]data.Entry(nil), ds.Entries...)
	bad := -1
	for i, e := range ds.Entries {
		if e.Kind == data.EntryReschedule {
			bad = i
			break
		}
	}
	if bad < 0 {
		t.Fatal("the demo office has no reschedule")
	}
	// Decided the day after the new date: long after the installment's own due date.
	ds.Entries[bad].ValueDate = ds.Entries[bad].NewDate.AddDays(1)
	s := newStore(t)
	err := s.ImportDataset(userCtx, &ds)
	e := data.ForField(err, "entry.value_date")
	if e == nil || e.Rule != "reschedule_overdue" {
		t.Fatalf("import of a late reschedule: %v", err)
	}
	if !strings.Contains(err.Error(), "entry") {
		t.Errorf("the refusal does not name the entry: %v", err)
	}
	if c, err := s.Counts(userCtx); err != nil || c.Communes != 0 {
		t.Errorf("a refused import left %d communes (%v)", c.Communes, err)
	}
}

// TestWriteOffInterestClosesTheLoan: a loan is closed as written off only once its principal,
// interest and penalty are all written off or paid, and the ledger's balances stay checkable.
func TestWriteOffInterestClosesTheLoan(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, userCtx
	l := data.Loan{Contract: "XN/1", BorrowerID: f.leader.ID, GroupID: f.group.ID, ProgramCode: "01",
		Source: data.SourceCentral, Amount: 12_000_000, SignedOn: data.MustDate("2024-01-10"), TermMonths: 12,
		Plan: data.Plan{Kind: data.PlanEqual, EveryMonths: 3}}
	must(t, s.OpenLoan(ctx, &l, 12_000_000))
	on := data.MustDate("2024-09-01")
	book, err := s.LoanBook(ctx, l.ID)
	must(t, err)
	p, err := data.PositionOn(book, on)
	must(t, err)
	due := p.InterestDue + p.PenaltyDue

	if due := listedDue(t, s, f.point.ID, l.ID); due == (data.Dues{}) {
		t.Fatal("before the write-offs the collection list asks nothing of the loan")
	}
	wo := data.Entry{LoanID: l.ID, Kind: data.EntryWriteOff, ValueDate: on, Amount: 12_000_000, Decision: "QĐ-XN"}
	must(t, s.Post(ctx, &wo))
	if got, _ := s.LoanByContract(ctx, "XN/1"); got.Status != data.LoanActive {
		t.Errorf("principal written off, %d of interest still due: status %s, want active", due, got.Status)
	}
	tooMuch := data.Entry{LoanID: l.ID, Kind: data.EntryWriteOffInterest, ValueDate: on, Amount: due + 1, Decision: "QĐ-XN"}
	if e := data.ForField(s.Post(ctx, &tooMuch), "entry.amount"); e == nil || e.Rule != "over_interest_due" {
		t.Fatalf("writing off more than is due: %v", e)
	}
	wi := data.Entry{LoanID: l.ID, Kind: data.EntryWriteOffInterest, ValueDate: on, Amount: due, Decision: "QĐ-XN"}
	must(t, s.Post(ctx, &wi))
	if got, _ := s.LoanByContract(ctx, "XN/1"); got.Status != data.LoanWrittenOff {
		t.Errorf("everything written off: status %s, want written_off", got.Status)
	}
	// The transaction day asks for nothing written off.
	if due := listedDue(t, s, f.point.ID, l.ID); due != (data.Dues{}) {
		t.Errorf("the collection list asks %+v of a loan written off in full", due)
	}
	// Reversing the interest write-off makes the interest owed again.
	if _, err := s.ReverseEntry(ctx, wi.ID, on, "nhầm quyết định"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LoanByContract(ctx, "XN/1"); got.Status != data.LoanActive {
		t.Errorf("after the reversal: status %s, want active", got.Status)
	}
	if probs, err := s.Check(ctx); err != nil || len(probs) > 0 {
		t.Errorf("check: %v %v", probs, err)
	}
}

// TestCreditedSavingsInterestIsOnTheStatement: the half-year's credit reaches every account
// once, with the preview's figures, and each household's statement lists it.
func TestCreditedSavingsInterestIsOnTheStatement(t *testing.T) {
	t.Parallel()
	s := demoStore(t)
	ctx := userCtx
	on := data.MustDate("2026-12-31") // the demo office's history stops on 2026-11-20
	preview, err := s.SavingsCreditPreview(ctx, on)
	must(t, err)
	if preview.AlreadyCredited || preview.Accounts == 0 || preview.Total <= 0 {
		t.Fatalf("preview %+v", preview)
	}
	done, err := s.CreditSavingsInterest(ctx, on)
	must(t, err)
	if done != preview {
		t.Fatalf("credited %+v, previewed %+v", done, preview)
	}
	if _, err := s.CreditSavingsInterest(ctx, on); data.ForField(err, "entry.value_date") == nil {
		t.Fatalf("a second credit for %s: %v", on, err)
	}
	var code string
	var amount data.Dong
	must(t, s.db.QueryRow(`SELECT b.code, e.amount FROM entries e JOIN borrowers b ON b.id = e.borrower_id
		WHERE e.kind = 'savings_interest' AND e.value_date = ? LIMIT 1`, on.String()).Scan(&code, &amount))
	st, err := s.Statement(ctx, code, on)
	must(t, err)
	found := false
	for _, e := range st.SavingsLog {
		found = found || e.Kind == data.EntrySavingsInterest && e.ValueDate == on && e.Amount == amount
	}
	if !found {
		t.Errorf("the statement of %s does not list the %d credited on %s: %+v", code, amount, on, st.SavingsLog)
	}
}

// listedDue is what the point's collection list of 2024-10-10 asks of the loan.
func listedDue(t *testing.T, s *Store, pointID, loanID int64) data.Dues {
	t.Helper()
	list, err := s.CollectionList(userCtx, pointID, data.MustDate("2024-10-10"))
	must(t, err)
	for _, g := range list.Groups {
		for _, m := range g.Members {
			for _, cl := range m.Loans {
				if cl.LoanID == loanID {
					return cl.Due
				}
			}
		}
	}
	return data.Dues{}
}
