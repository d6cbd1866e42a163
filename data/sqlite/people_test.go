package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/data/demo"
)

// staffedStore is the small demo office with the demo's five users: it has left setup, so
// every write needs a log-in.
func staffedStore(t testing.TB) *Store {
	t.Helper()
	s := newDemoStore(t)
	must(t, s.system(context.Background(), func(tx *sql.Tx, st stamp) error {
		return addUsers(context.Background(), tx, st, demo.Users())
	}))
	return s
}

// as logs a demo user in and returns the context that acts as them.
func as(t testing.TB, s *Store, name string) context.Context {
	t.Helper()
	sess, err := s.LogIn(context.Background(), name, demo.Password)
	if err != nil {
		t.Fatalf("log in %s: %v", name, err)
	}
	return data.WithSession(context.Background(), sess)
}

var demoUserOf = map[data.Role]string{
	data.RoleDirector: "giamdoc", data.RoleAccountant: "ketoan", data.RoleCredit: "tindung",
	data.RoleTeller: "giaodich", data.RoleAdmin: "quantri",
}

// isDenied says whether err refuses the action for the role, naming both.
func isDenied(err error, role data.Role, act data.Action) bool {
	for _, e := range data.DomainErrors(err) {
		if e.Field == "permission" && e.Rule == "denied" && e.Params["Role"] == string(role) && e.Params["Action"] == string(act) {
			return true
		}
	}
	return false
}

func isRefusedUser(err error) bool {
	for _, e := range data.DomainErrors(err) {
		if e.Field == "permission" || e.Field == "user" && e.Rule == "log_in_required" {
			return true
		}
	}
	return false
}

// world holds records of the demo office the writes act on.
type world struct {
	commune  data.Commune
	village  data.Village
	point    data.Point
	group    data.GroupView
	borrower data.BorrowerView
	loan     data.Loan
	maturity data.Date
	entryID  int64
	dir      string // the test's own folder, for files a write makes (a backup)
}

func loadWorld(t testing.TB, s *Store) world {
	t.Helper()
	ctx := context.Background()
	w := world{dir: t.TempDir()}
	communes, err := s.Communes(ctx)
	must(t, err)
	w.commune = communes[0]
	villages, err := s.Villages(ctx, w.commune.ID)
	must(t, err)
	w.village = villages[0]
	points, err := s.Points(ctx, w.commune.ID)
	must(t, err)
	w.point = points[0]
	must(t, s.read(ctx, func(tx *sql.Tx) error {
		var groupID, borrowerID, loanID int64
		if err := tx.QueryRowContext(ctx, `SELECT l.group_id, l.borrower_id, l.id FROM loans l WHERE l.status = 'active' ORDER BY l.id LIMIT 1`).Scan(&groupID, &borrowerID, &loanID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM entries WHERE loan_id = ? AND kind = 'principal'`, loanID).Scan(&w.entryID); err != nil {
			return err
		}
		w.group.ID, w.borrower.ID, w.loan.ID = groupID, borrowerID, loanID
		return nil
	}))
	w.group, err = s.Group(ctx, w.group.ID)
	must(t, err)
	w.borrower, err = s.Borrower(as(t, s, "tindung"), w.borrower.ID)
	must(t, err)
	loans, err := s.LoansOfBorrower(ctx, w.borrower.ID)
	must(t, err)
	for _, l := range loans {
		if l.ID == w.loan.ID {
			w.loan = l
		}
	}
	w.maturity = positionOf(t, s, w.loan.Contract).Maturity
	return w
}

// writeCall is one store write as the permission test makes it.
type writeCall struct {
	method string
	act    data.Action
	call   func(ctx context.Context, s *Store, w world) error
}

var day = demo.Today

var writeCalls = []writeCall{
	{"Settle", data.ActSettle, func(ctx context.Context, s *Store, w world) error {
		_, err := s.Settle(ctx, data.MonthOf(day).Prev())
		return err
	}},
	{"ReverseSettlement", data.ActSettle, func(ctx context.Context, s *Store, w world) error {
		return s.ReverseSettlement(ctx, data.MonthOf(day).Prev(), "sai số liệu")
	}},
	{"DecideRating", data.ActGroups, func(ctx context.Context, s *Store, w world) error {
		return s.DecideRating(ctx, data.RatingDecision{GroupID: w.group.ID, Month: data.MonthOf(day).Prev(), Rating: data.RatingGood})
	}},
	{"PaySettlement", data.ActCash, func(ctx context.Context, s *Store, w world) error {
		return s.PaySettlement(ctx, &data.SettlementPayment{PointID: w.point.ID, Kind: data.PayeeGroup, GroupID: w.group.ID,
			PaidOn: day, Amount: 1_000, ReceivedBy: "Tổ trưởng"})
	}},
	{"ReverseSettlementPayment", data.ActCorrection, func(ctx context.Context, s *Store, w world) error {
		return s.ReverseSettlementPayment(ctx, 1, "nhầm")
	}},
	{"MoveCapital", data.ActCapital, func(ctx context.Context, s *Store, w world) error {
		_, err := s.MoveCapital(ctx, data.CapitalMove{Kind: data.CapitalTransfer, Level: data.CapitalDistrict,
			Giver: "Ủy ban nhân dân huyện", On: day, Amount: 50_000_000, Decision: "12/QĐ-UBND"})
		return err
	}},
	{"ImportCapital", data.ActCapital, func(ctx context.Context, s *Store, w world) error {
		_, err := s.ImportCapital(ctx, []data.CapitalRow{{No: 1, Kind: data.CapitalTransfer, Level: data.CapitalDistrict,
			Giver: "Ủy ban nhân dân huyện", On: day, Amount: 5_000_000, Decision: "14/QĐ-UBND"}})
		return err
	}},
	{"ReverseCapital", data.ActCapital, func(ctx context.Context, s *Store, w world) error {
		_, err := s.ReverseCapital(ctx, 1, "13/QĐ-UBND", "nhầm")
		return err
	}},
	{"SaveCommune", data.ActPlaces, func(ctx context.Context, s *Store, w world) error {
		c := w.commune
		c.Name += " (mới)"
		return s.SaveCommune(ctx, &c)
	}},
	{"SaveVillage", data.ActPlaces, func(ctx context.Context, s *Store, w world) error {
		v := w.village
		v.Name += " (mới)"
		return s.SaveVillage(ctx, &v)
	}},
	{"SavePoint", data.ActPlaces, func(ctx context.Context, s *Store, w world) error {
		p := w.point
		p.Name += " (mới)"
		return s.SavePoint(ctx, &p)
	}},
	{"SaveGroup", data.ActGroups, func(ctx context.Context, s *Store, w world) error {
		g := w.group.Group
		g.Note = "họp ngày 5"
		return s.SaveGroup(ctx, &g)
	}},
	{"RateGroup", data.ActGroups, func(ctx context.Context, s *Store, w world) error {
		return s.RateGroup(ctx, data.GroupRating{GroupID: w.group.ID, Year: 2025, Rating: data.RatingGood})
	}},
	{"MoveBorrower", data.ActGroups, func(ctx context.Context, s *Store, w world) error {
		return s.MoveBorrower(ctx, w.borrower.ID, w.group.ID, "")
	}},
	{"CloseGroup", data.ActGroups, func(ctx context.Context, s *Store, w world) error { return s.CloseGroup(ctx, w.group.ID) }},
	{"ReopenGroup", data.ActGroups, func(ctx context.Context, s *Store, w world) error { return s.ReopenGroup(ctx, w.group.ID) }},
	{"SaveBorrower (new)", data.ActHouseholds, func(ctx context.Context, s *Store, w world) error {
		b := data.Borrower{Code: "KH-NEW-1", Name: "Đặng Văn Mới", VillageID: w.village.ID, Category: data.CategoryPoor, Active: true}
		return s.SaveBorrower(ctx, &b)
	}},
	{"SaveBorrower (name)", data.ActHouseholds, func(ctx context.Context, s *Store, w world) error {
		b := w.borrower.Borrower
		b.Name += " Anh"
		return s.SaveBorrower(ctx, &b)
	}},
	{"SaveBorrower (phone)", data.ActContacts, func(ctx context.Context, s *Store, w world) error {
		b := w.borrower.Borrower
		b.Phone = "0912345678"
		return s.SaveBorrower(ctx, &b)
	}},
	{"MarkBorrowerLeft", data.ActHouseholds, func(ctx context.Context, s *Store, w world) error {
		return s.MarkBorrowerLeft(ctx, w.borrower.ID, "chuyển đi")
	}},
	{"RejoinBorrower", data.ActHouseholds, func(ctx context.Context, s *Store, w world) error {
		return s.RejoinBorrower(ctx, w.borrower.ID, "")
	}},
	{"SaveProgram", data.ActPrograms, func(ctx context.Context, s *Store, w world) error {
		p, err := s.Program(context.Background(), "01")
		if err != nil {
			return err
		}
		p.MaxTermMonths++
		return s.SaveProgram(ctx, &p)
	}},
	{"AddRatePeriod", data.ActRates, func(ctx context.Context, s *Store, w world) error {
		return s.AddRatePeriod(ctx, data.RatePeriod{ProgramCode: "01", Effective: day.AddDays(40), Rate: 6000})
	}},
	{"AddRulePeriod", data.ActRules, func(ctx context.Context, s *Store, w world) error {
		return s.AddRulePeriod(ctx, data.RulePeriod{Key: data.RulePenaltyPercent, Effective: day.AddDays(40), Value: "140"})
	}},
	{"SaveSettings", data.ActSettings, func(ctx context.Context, s *Store, w world) error {
		set, err := s.Settings(context.Background())
		if err != nil {
			return err
		}
		set.IdleLockMinutes = 15
		return s.SaveSettings(ctx, set)
	}},
	{"SaveOfficeSettings", data.ActSettings, func(ctx context.Context, s *Store, w world) error {
		o, err := s.Office(context.Background())
		if err != nil {
			return err
		}
		set, err := s.Settings(context.Background())
		if err != nil {
			return err
		}
		o.Name += "."
		return s.SaveOfficeSettings(ctx, o, set)
	}},
	{"SaveLanguage", data.ActCache, func(ctx context.Context, s *Store, w world) error { return s.SaveLanguage(ctx, "fr") }},
	{"OpenLoan", data.ActLoanOpen, func(ctx context.Context, s *Store, w world) error {
		l := w.loan
		l.ID, l.Contract, l.SignedOn = 0, "HD-PERM-1", day
		return s.OpenLoan(ctx, &l, l.Amount)
	}},
	{"Post (disbursement)", data.ActCash, func(ctx context.Context, s *Store, w world) error {
		return s.Post(ctx, &data.Entry{LoanID: w.loan.ID, Kind: data.EntryDisburse, ValueDate: day, Amount: 1})
	}},
	{"Post (deposit)", data.ActCash, func(ctx context.Context, s *Store, w world) error {
		return s.Post(ctx, &data.Entry{BorrowerID: w.borrower.ID, Kind: data.EntryDeposit, ValueDate: day, Amount: 50_000})
	}},
	{"Post (extension)", data.ActMove, func(ctx context.Context, s *Store, w world) error {
		return s.Post(ctx, &data.Entry{LoanID: w.loan.ID, Kind: data.EntryExtend, ValueDate: day, NewDate: w.maturity.AddMonths(6), Decision: "QĐ 1"})
	}},
	{"Post (freeze)", data.ActFreeze, func(ctx context.Context, s *Store, w world) error {
		return s.Post(ctx, &data.Entry{LoanID: w.loan.ID, Kind: data.EntryFreeze, ValueDate: day, Amount: 1000, Decision: "QĐ 2"})
	}},
	{"Post (write-off)", data.ActWriteOff, func(ctx context.Context, s *Store, w world) error {
		return s.Post(ctx, &data.Entry{LoanID: w.loan.ID, Kind: data.EntryWriteOff, ValueDate: day, Amount: 1000, Decision: "QĐ 3"})
	}},
	{"Post (reversal)", data.ActCorrection, func(ctx context.Context, s *Store, w world) error {
		return s.Post(ctx, &data.Entry{LoanID: w.loan.ID, Kind: data.EntryReversal, ValueDate: day, Reverses: w.entryID, Note: "nhầm"})
	}},
	{"PostPayment", data.ActCash, func(ctx context.Context, s *Store, w world) error {
		_, err := s.PostPayment(ctx, data.Payment{LoanID: w.loan.ID, ValueDate: day, Amount: 10_000})
		return err
	}},
	{"PostPostings", data.ActCash, func(ctx context.Context, s *Store, w world) error {
		_, err := s.PostPostings(ctx, []data.Posting{{Payment: &data.Payment{LoanID: w.loan.ID, ValueDate: day, Amount: 10_000}}})
		return err
	}},
	{"PostPostingsFile (reversal line)", data.ActCorrection, func(ctx context.Context, s *Store, w world) error {
		_, err := s.PostPostingsFile(ctx, []data.Posting{{Entry: data.Entry{LoanID: w.loan.ID, Kind: data.EntryReversal, ValueDate: day, Reverses: w.entryID, Note: "nhầm"}}},
			data.SourceFile{SHA256: strings.Repeat("ab", 32), Name: "corrections.csv"})
		return err
	}},
	{"ReverseEntry", data.ActCorrection, func(ctx context.Context, s *Store, w world) error {
		_, err := s.ReverseEntry(ctx, w.entryID, day, "nhầm số tiền")
		return err
	}},
	{"PostCollection", data.ActCash, func(ctx context.Context, s *Store, w world) error {
		_, err := s.PostCollection(ctx, data.CollectionBatch{PointID: w.point.ID, Date: data.NextPointDay(w.point.Day, day)})
		return err
	}},
	{"ReverseCollection", data.ActCorrection, func(ctx context.Context, s *Store, w world) error {
		return s.ReverseCollection(ctx, "NO-SUCH-BATCH", "nhầm")
	}},
	{"CreditSavingsInterest", data.ActSavingsCredit, func(ctx context.Context, s *Store, w world) error {
		_, err := s.CreditSavingsInterest(ctx, data.MustDate("2026-06-30"))
		return err
	}},
	{"CloseMonth", data.ActCloseMonth, func(ctx context.Context, s *Store, w world) error {
		_, err := s.CloseMonth(ctx, data.MonthOf(day).Prev().Prev())
		return err
	}},
	{"ReopenMonth", data.ActReopenMonth, func(ctx context.Context, s *Store, w world) error {
		_, err := s.ReopenMonth(ctx, data.MonthOf(day).Prev().Prev(), "sai sót")
		return err
	}},
	{"Import", data.ActImport, func(ctx context.Context, s *Store, w world) error {
		_, err := s.Import(ctx, &data.ImportBatch{}, data.ImportOptions{})
		return err
	}},
	{"ImportDataset", data.ActLoadOffice, func(ctx context.Context, s *Store, w world) error {
		return s.ImportDataset(ctx, &data.Dataset{})
	}},
	{"RebuildBalances", data.ActMaintenance, func(ctx context.Context, s *Store, w world) error {
		_, err := s.RebuildBalances(ctx)
		return err
	}},
	{"Backup", data.ActBackup, func(ctx context.Context, s *Store, w world) error {
		return s.Backup(ctx, filepath.Join(w.dir, "office.bak"))
	}},
	{"AddUser", data.ActUsers, func(ctx context.Context, s *Store, w world) error {
		return s.AddUser(ctx, data.User{Name: "moi", FullName: "Người Mới", Role: data.RoleTeller}, "mật-khẩu-đủ-dài")
	}},
	{"DisableUser", data.ActUsers, func(ctx context.Context, s *Store, w world) error { return s.DisableUser(ctx, "giaodich") }},
	{"ResetPassword", data.ActUsers, func(ctx context.Context, s *Store, w world) error {
		return s.ResetPassword(ctx, "tindung", "mật-khẩu-tạm-thời")
	}},
	{"SetUserRole", data.ActUserRole, func(ctx context.Context, s *Store, w world) error {
		return s.SetUserRole(ctx, "giaodich", data.RoleCredit)
	}},
	{"RequestRestore", data.ActRestore, func(ctx context.Context, s *Store, w world) error {
		return s.RequestRestore(ctx, "/backups/office.db", strings.Repeat("cd", 32))
	}},
	{"RecordExport", data.ActPersonal, func(ctx context.Context, s *Store, w world) error {
		return s.RecordExport(ctx, "borrowers", "/tmp/borrowers.xlsx")
	}},
	{"RecordBackup", data.ActBackup, func(ctx context.Context, s *Store, w world) error {
		return s.RecordBackup(ctx, "/backups/office.db")
	}},
	{"SaveImportMapping", data.ActCache, func(ctx context.Context, s *Store, w world) error {
		return s.SaveImportMapping(ctx, "sig", []string{"code"})
	}},
	{"CheckPostings", data.ActCache, func(ctx context.Context, s *Store, w world) error {
		return s.CheckPostings(ctx, nil)
	}},
}

// storeMethods classifies every exported method of *Store, so that a new write cannot be added
// without a row in writeCalls: reads need no row, writes do.
var (
	readMethods = strings.Fields(`Audit Borrower BorrowerByCode BorrowerDetail ClosedMonths ClosedThrough
		CollectionBatches CollectionBatchesOn CollectionList CommuneSummary Communes Counts DayReport DisclosureList Group
		GroupList GroupMemberLines GroupRatings ImportMapping IsNew LedgerHead LedgerLines ListBorrowers
		ListLoans LoanBook LoanByContract LoansOfBorrower Office OfficeSummary OverdueList Overview OwnRates
		Path Points Position Positions Program Programs Request Requests RulePeriodImpact RulePeriods
		SavingsBalance SavingsCreditPreview SearchBorrowers SearchGroups SearchLoans Settings Statement
		Statements Users Villages FindAnchor HasUsers Check Close ApprovedRestore
		CapitalTotalsOn CapitalFiguresOn CapitalEntries CapitalPools
		NextContract NextCustomerCode RepricedLoans
		Directive40Review LoanOutcomes
		MonthSettlement Settlements SettlementPayables SettlementPayments GroupScores ChangeMarker`)
	// Sessions and decisions are tested on their own below; WarmOverview and AutoBackup
	// keep what the program derives, not what a user changes.
	ownTestMethods = strings.Fields(`LogIn LogOut ChangePassword Approve Reject WarmOverview AutoBackup`)
)

func TestEveryStoreMethodIsClassified(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, m := range append(readMethods, ownTestMethods...) {
		known[m] = true
	}
	for _, c := range writeCalls {
		known[strings.Fields(c.method)[0]] = true
	}
	typ := reflect.TypeOf(&Store{})
	var missing []string
	for i := 0; i < typ.NumMethod(); i++ {
		if name := typ.Method(i).Name; !known[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("store methods neither a read nor in writeCalls (add them to the permission test): %v", missing)
	}
}

// TestEveryWriteChecksTheRole walks every store write × every role: a role the table does not
// allow is refused with a permission error naming the role and the action, and the database is
// unchanged; an allowed role is never refused for its role (it may be refused for the data).
func TestEveryWriteChecksTheRole(t *testing.T) {
	t.Parallel()
	for _, role := range data.Roles {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			s := staffedStore(t)
			s.Today = func() data.Date { return day.AddDays(60) }
			w := loadWorld(t, s)
			ctx := as(t, s, demoUserOf[role])
			for _, c := range writeCalls {
				before := fingerprint(t, s)
				err := c.call(ctx, s, w)
				if data.MayDo(role, c.act) {
					if isRefusedUser(err) {
						t.Errorf("%s as %s: refused although allowed: %v", c.method, role, err)
					}
					continue
				}
				if !isDenied(err, role, c.act) {
					t.Errorf("%s as %s: want a permission error naming %s and %s, got %v", c.method, role, role, c.act, err)
				}
				if fingerprint(t, s) != before {
					t.Errorf("%s as %s: refused, yet the database changed", c.method, role)
				}
			}
		})
	}
}

func TestWritesWithoutALogInAreRefused(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	w := loadWorld(t, s)
	// The name alone is not a log-in: a session must come from this store's LogIn.
	for _, ctx := range []context.Context{context.Background(), data.WithUser(context.Background(), "giamdoc"),
		data.WithSession(context.Background(), data.Session{User: "giamdoc", Role: data.RoleDirector, Token: "forged"})} {
		for _, c := range writeCalls {
			if err := c.call(ctx, s, w); !isRefusedUser(err) {
				t.Errorf("%s without a log-in: want log_in_required, got %v", c.method, err)
			}
		}
	}
	// Reads of personal data too; the catalogue is not personal.
	if _, err := s.SearchBorrowers(context.Background(), "", 5); !isRefusedUser(err) {
		t.Errorf("SearchBorrowers without a log-in: %v", err)
	}
	if _, err := s.Programs(context.Background()); err != nil {
		t.Errorf("Programs without a log-in: %v", err)
	}
}

func TestAdministratorReadsNoPersonalData(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	w := loadWorld(t, s)
	admin := as(t, s, "quantri")
	if _, err := s.Borrower(admin, w.borrower.ID); !isDenied(err, data.RoleAdmin, data.ActPersonal) {
		t.Errorf("administrator reading a household: %v", err)
	}
	if _, err := s.Statement(admin, w.borrower.Code, day); !isDenied(err, data.RoleAdmin, data.ActPersonal) {
		t.Errorf("administrator reading a statement: %v", err)
	}
}

func TestListsMaskIDNumbersExceptForRolesThatNeedThem(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	w := loadWorld(t, s)
	full := w.borrower.IDNumber
	if len(full) < 12 {
		t.Fatalf("demo household without a full ID number: %q", full)
	}
	for role, name := range demoUserOf {
		if role == data.RoleAdmin {
			continue
		}
		ctx := as(t, s, name)
		list, err := s.GroupMemberLines(ctx, w.group.ID, day)
		must(t, err)
		found, err := s.SearchBorrowers(ctx, full, 5)
		must(t, err)
		if len(found) != 1 {
			t.Fatalf("%s: search by the full ID number found %d", role, len(found))
		}
		want := data.MaskID(full)
		if data.MayDo(role, data.ActFullIDs) {
			want = full
		}
		if found[0].IDNumber != want {
			t.Errorf("%s: search list shows %q, want %q", role, found[0].IDNumber, want)
		}
		for _, m := range list {
			if m.ID == w.borrower.ID && m.IDNumber != want {
				t.Errorf("%s: member list shows %q, want %q", role, m.IDNumber, want)
			}
		}
		// The household's own record (its form) shows the number to whoever may read it.
		b, err := s.Borrower(ctx, w.borrower.ID)
		must(t, err)
		if b.IDNumber != full {
			t.Errorf("%s: the household's record shows %q", role, b.IDNumber)
		}
		if !strings.HasSuffix(want, full[len(full)-4:]) {
			t.Errorf("mask %q does not keep the last four digits of %q", want, full)
		}
	}
}

func TestTellerChangesOnlyThePhone(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	w := loadWorld(t, s)
	teller := as(t, s, "giaodich")
	b := w.borrower.Borrower
	b.Phone = "0987654321"
	must(t, s.SaveBorrower(teller, &b))
	got, err := s.Borrower(teller, b.ID)
	must(t, err)
	if got.Phone != "0987654321" {
		t.Errorf("phone = %q", got.Phone)
	}
	b.Note = "đổi ghi chú"
	if err := s.SaveBorrower(teller, &b); !isDenied(err, data.RoleTeller, data.ActHouseholds) {
		t.Errorf("teller changing the note: %v", err)
	}
}

// positionOf is the loan's position on the test's day, read with no user (positions hold no
// personal data).
func positionOf(t testing.TB, s *Store, contract string) data.Position {
	t.Helper()
	p, err := s.Position(context.Background(), contract, day)
	must(t, err)
	return p
}

func TestMakerCheckerOnAReversal(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	s.Today = func() data.Date { return day.AddDays(60) }
	w := loadWorld(t, s)
	accountant, director, teller := as(t, s, "ketoan"), as(t, s, "giamdoc"), as(t, s, "giaodich")
	before := positionOf(t, s, w.loan.Contract)
	snap := dumpTable(t, s, "entries")

	_, err := s.ReverseEntry(accountant, w.entryID, day, "nhập nhầm số tiền")
	var made *data.RequestMade
	if !errors.As(err, &made) || made.Action != data.ActCorrection {
		t.Fatalf("ReverseEntry by the accountant: want a request, got %v", err)
	}
	if dumpTable(t, s, "entries") != snap || !reflect.DeepEqual(positionOf(t, s, w.loan.Contract), before) {
		t.Fatal("a request changed the ledger before its approval")
	}
	r, err := s.Request(director, made.ID)
	must(t, err)
	if r.State != data.RequestPending || r.Maker != "ketoan" || !strings.Contains(r.Before, w.loan.Contract) || r.Before == r.After {
		t.Errorf("request as kept: %+v", r)
	}
	// The maker cannot approve their own request; a teller cannot approve at all.
	if _, err := s.Approve(accountant, made.ID); err == nil || data.DomainErrors(err)[0].Rule != "own_request" {
		t.Errorf("maker approving: %v", err)
	}
	if _, err := s.Approve(teller, made.ID); !isDenied(err, data.RoleTeller, "approve_correction") {
		t.Errorf("teller approving: %v", err)
	}
	decided, err := s.Approve(director, made.ID)
	must(t, err)
	if decided.State != data.RequestApproved || decided.Checker != "giamdoc" {
		t.Errorf("approved request: %+v", decided)
	}
	after := positionOf(t, s, w.loan.Contract)
	if after.Repaid >= before.Repaid {
		t.Errorf("approved reversal of a principal payment: repaid %d → %d", before.Repaid, after.Repaid)
	}
	var user string
	must(t, s.db.QueryRow(`SELECT user_name FROM entries ORDER BY id DESC LIMIT 1`).Scan(&user))
	if user != "ketoan" {
		t.Errorf("the reversal is recorded as %q's, want the maker's", user)
	}
	// Decided once: never again.
	if _, err := s.Approve(director, made.ID); err == nil {
		t.Error("a request was approved twice")
	}
	if err := s.Reject(director, made.ID, "muộn"); err == nil {
		t.Error("an approved request was rejected")
	}
}

func TestRejectedRequestLeavesNoTraceInBalances(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	s.Today = func() data.Date { return day.AddDays(60) }
	w := loadWorld(t, s)
	credit, accountant := as(t, s, "tindung"), as(t, s, "ketoan")
	balances := dumpTable(t, s, "loan_balances")
	before := positionOf(t, s, w.loan.Contract)
	err := s.Post(credit, &data.Entry{LoanID: w.loan.ID, Kind: data.EntryFreeze, ValueDate: day, Amount: 1000, Decision: "QĐ 9"})
	var made *data.RequestMade
	if !errors.As(err, &made) {
		t.Fatalf("freeze by the credit officer: %v", err)
	}
	if err := s.Reject(accountant, made.ID, ""); err == nil {
		t.Error("a rejection without a reason was accepted")
	}
	must(t, s.Reject(accountant, made.ID, "không có quyết định"))
	r, err := s.Request(accountant, made.ID)
	must(t, err)
	if r.State != data.RequestRejected || r.Reason != "không có quyết định" || r.Checker != "ketoan" {
		t.Errorf("rejected request: %+v", r)
	}
	if dumpTable(t, s, "loan_balances") != balances || !reflect.DeepEqual(positionOf(t, s, w.loan.Contract), before) {
		t.Error("a rejected request changed the balances")
	}
}

func TestApprovalChecksTheChangeAgain(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	s.Today = func() data.Date { return day.AddDays(60) }
	w := loadWorld(t, s)
	accountant, director := as(t, s, "ketoan"), as(t, s, "giamdoc")
	_, err := s.ReverseEntry(accountant, w.entryID, day, "lần một")
	var first *data.RequestMade
	if !errors.As(err, &first) {
		t.Fatal(err)
	}
	_, err = s.ReverseEntry(accountant, w.entryID, day, "lần hai")
	var second *data.RequestMade
	if !errors.As(err, &second) {
		t.Fatal(err)
	}
	if _, err := s.Approve(director, first.ID); err != nil {
		t.Fatal(err)
	}
	// The entry is reversed now: the second request, approved later, is refused by the rules.
	if _, err := s.Approve(director, second.ID); err == nil || isRefusedUser(err) {
		t.Errorf("second reversal of the same entry approved: %v", err)
	}
	r, err := s.Request(director, second.ID)
	must(t, err)
	if r.State != data.RequestPending {
		t.Errorf("a refused approval changed the request: %+v", r)
	}
}

func TestRequestsForEveryApprovedAction(t *testing.T) {
	t.Parallel()
	// Every action with checkers is asked by a maker and approved by a checker other than them,
	// each on its own office so that one change does not stand in another's way.
	for _, c := range writeCalls {
		p := permissionOf(c.act)
		if len(p.Checkers) == 0 || c.method == "Import" || c.method == "ReverseCollection" || c.method == "ReverseSettlementPayment" {
			continue // these have tests of their own (a payment must be made first: settlement_test.go)
		}
		t.Run(c.method, func(t *testing.T) {
			t.Parallel()
			s := staffedStore(t)
			s.Today = func() data.Date { return day.AddDays(60) }
			w := loadWorld(t, s)
			maker := demoUserOf[p.Makers[0]]
			checker := ""
			for _, r := range p.Checkers {
				if demoUserOf[r] != maker {
					checker = demoUserOf[r]
					break
				}
			}
			if c.act == data.ActReopenMonth {
				_, err := s.CloseMonth(as(t, s, "ketoan"), data.MonthOf(day).Prev().Prev())
				must(t, err)
			}
			before := fingerprint(t, s)
			err := c.call(as(t, s, maker), s, w)
			var made *data.RequestMade
			if !errors.As(err, &made) {
				t.Fatalf("%s by %s: want a request, got %v", c.method, maker, err)
			}
			if strings.ReplaceAll(fingerprint(t, s), "requests=0", "requests=1") != before &&
				!strings.Contains(fingerprint(t, s), "requests=1") {
				t.Errorf("the request changed more than the requests")
			}
			if _, err := s.Approve(as(t, s, checker), made.ID); err != nil {
				t.Fatalf("%s approved by %s: %v", c.method, checker, err)
			}
			if fingerprint(t, s) == before {
				t.Errorf("%s approved, yet nothing changed", c.method)
			}
		})
	}
}

func permissionOf(a data.Action) data.Permission {
	for _, p := range data.Permissions {
		if p.Action == a {
			return p
		}
	}
	return data.Permission{}
}

func TestAnImportIsOneRequest(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	w := loadWorld(t, s)
	credit, accountant := as(t, s, "tindung"), as(t, s, "ketoan")
	batch := &data.ImportBatch{Borrowers: []data.ImportBorrower{
		{Borrower: data.Borrower{Code: "KH-IMP-1", Name: "Vũ Thị Một", Category: data.CategoryPoor, Active: true}, CommuneCode: w.commune.Code, VillageCode: w.village.Code},
		{Borrower: data.Borrower{Code: "KH-IMP-2", Name: "Vũ Văn Hai", Category: data.CategoryPoor, Active: true}, CommuneCode: w.commune.Code, VillageCode: w.village.Code},
	}}
	// A dry run checks and asks nothing.
	res, err := s.Import(credit, batch, data.ImportOptions{DryRun: true})
	must(t, err)
	if len(res.Problems) > 0 {
		t.Fatalf("dry run: %+v", res.Problems)
	}
	_, err = s.Import(credit, batch, data.ImportOptions{})
	var made *data.RequestMade
	if !errors.As(err, &made) || made.Action != data.ActImport {
		t.Fatalf("import by the credit officer: %v", err)
	}
	reqs, err := s.Requests(accountant, true)
	must(t, err)
	if len(reqs) != 1 || !strings.Contains(reqs[0].After, "borrower") {
		t.Fatalf("one request for the whole file with its counts, got %+v", reqs)
	}
	if _, err := s.BorrowerByCode(accountant, "KH-IMP-1"); err == nil {
		t.Fatal("the import wrote before its approval")
	}
	_, err = s.Approve(accountant, made.ID)
	must(t, err)
	for _, code := range []string{"KH-IMP-1", "KH-IMP-2"} {
		if _, err := s.BorrowerByCode(accountant, code); err != nil {
			t.Errorf("%s after the approval: %v", code, err)
		}
	}
}

func TestLogInLocksAfterFiveWrongPasswords(t *testing.T) {
	t.Parallel()
	s := staffedStore(t)
	now := pinned
	s.Clock = func() time.Time { return now }
	for i := 0; i < data.LockoutFailures; i++ {
		if _, err := s.LogIn(context.Background(), "giaodich", "sai-mat-khau-roi"); err == nil || data.DomainErrors(err)[0].Rule != "wrong_password" {
			t.Fatalf("wrong password %d: %v", i+1, err)
		}
	}
	if _, err := s.LogIn(context.Background(), "giaodich", demo.Password); err == nil || data.DomainErrors(err)[0].Rule != "locked" {
		t.Fatalf("right password while locked: %v", err)
	}
	// Other users are not locked.
	as(t, s, "ketoan")
	var n int
	must(t, s.db.QueryRow(`SELECT count(*) FROM audit WHERE entity = 'user' AND entity_id = 'giaodich' AND action = 'locked'`).Scan(&n))
	if n != 1 {
		t.Errorf("lock audited %d times, want once", n)
	}
	now = now.Add(data.LockoutDuration + time.Second)
	as(t, s, "giaodich")
	// An unknown user and a wrong password read alike.
	_, err1 := s.LogIn(context.Background(), "root", "whatever-it-is")
	_, err2 := s.LogIn(context.Background(), "ketoan", "whatever-it-is")
	if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
		t.Errorf("unknown user %v, wrong password %v: want the same refusal", err1, err2)
	}
}

func TestPasswordsAndUsers(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	setup := data.WithUser(context.Background(), "os-user")
	// Setup: the first user is the director, and no one else.
	if err := s.AddUser(setup, data.User{Name: "admin", FullName: "Quản Trị", Role: data.RoleAdmin}, "mat-khau-dai-du"); err == nil {
		t.Error("the first user was not the director")
	}
	if err := s.AddUser(setup, data.User{Name: "gd", FullName: "Giám Đốc", Role: data.RoleDirector}, "ngan"); err == nil {
		t.Error("a short password was accepted")
	}
	must(t, s.AddUser(setup, data.User{Name: "gd", FullName: "Giám Đốc", Role: data.RoleDirector}, "mat-khau-giam-doc"))
	if err := s.AddUser(setup, data.User{Name: "x", FullName: "X", Role: data.RoleDirector}, "mat-khau-dai-du"); !isRefusedUser(err) {
		t.Errorf("setup ended with the first user, yet: %v", err)
	}
	sess, err := s.LogIn(context.Background(), "gd", "mat-khau-giam-doc")
	must(t, err)
	if sess.MustChange {
		t.Error("the director who chose their password must change it")
	}
	director := data.WithSession(context.Background(), sess)
	must(t, s.AddUser(director, data.User{Name: "qt", FullName: "Quản Trị", Role: data.RoleAdmin}, "mat-khau-tam-thoi"))
	qt, err := s.LogIn(context.Background(), "qt", "mat-khau-tam-thoi")
	must(t, err)
	if !qt.MustChange {
		t.Error("a password given by someone else must be changed at the first log-in")
	}
	admin := data.WithSession(context.Background(), qt)
	if err := s.ChangePassword(admin, "sai", "mat-khau-moi-cua-qt"); err == nil {
		t.Error("a change with the wrong current password was accepted")
	}
	must(t, s.ChangePassword(admin, "mat-khau-tam-thoi", "mat-khau-moi-cua-qt"))
	if _, err := s.LogIn(context.Background(), "qt", "mat-khau-tam-thoi"); err == nil {
		t.Error("the old password still works")
	}
	qt, err = s.LogIn(context.Background(), "qt", "mat-khau-moi-cua-qt")
	must(t, err)
	if qt.MustChange {
		t.Error("must change after changing")
	}
	admin = data.WithSession(context.Background(), qt)
	must(t, s.ResetPassword(admin, "gd", "mat-khau-dat-lai"))
	if sess, err := s.LogIn(context.Background(), "gd", "mat-khau-dat-lai"); err != nil || !sess.MustChange {
		t.Errorf("after a reset: %+v %v", sess, err)
	}
	if err := s.DisableUser(admin, "qt"); err == nil {
		t.Error("a user disabled their own account")
	}
	must(t, s.DisableUser(admin, "gd"))
	if _, err := s.LogIn(context.Background(), "gd", "mat-khau-dat-lai"); err == nil {
		t.Error("a disabled user logged in")
	}
	// The director's earlier session ends with the account.
	if err := s.SaveLanguage(director, "en"); !isRefusedUser(err) {
		t.Errorf("a disabled user's session still writes: %v", err)
	}
	// No password hash, not even a digest of one long enough to attack, is in the audit.
	var leaked int
	must(t, s.db.QueryRow(`SELECT count(*) FROM audit a, users u WHERE instr(a.after_json, substr(u.password_hash, 30, 20)) > 0`).Scan(&leaked))
	if leaked > 0 {
		t.Error("a password hash is in the audit")
	}
}

func TestSetupModeRecordsTheNameOnTheContext(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	ok, err := s.HasUsers(context.Background())
	must(t, err)
	if ok {
		t.Fatal("the demo office without its users has users")
	}
	must(t, s.SaveLanguage(data.WithUser(context.Background(), "lan.nguyen"), "en"))
	var who string
	must(t, s.db.QueryRow(`SELECT updated_by FROM settings WHERE key = 'language'`).Scan(&who))
	if who != "lan.nguyen" {
		t.Errorf("recorded %q", who)
	}
}

// fingerprint changes with any write: appended rows, and the stamp every updated record gets.
func fingerprint(t testing.TB, s *Store) string {
	t.Helper()
	var b strings.Builder
	tablesQuery := `SELECT m.name, (SELECT count(*) FROM pragma_table_info(m.name) WHERE name = 'updated_at')
		FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name`
	if s.pg {
		tablesQuery = `SELECT t.table_name, (SELECT count(*) FROM information_schema.columns c
				WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'updated_at')
			FROM information_schema.tables t
			WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY t.table_name COLLATE "C"`
	}
	rows, err := s.db.Query(tablesQuery)
	must(t, err)
	type table struct {
		name    string
		updated bool
	}
	var tables []table
	for rows.Next() {
		var tb table
		must(t, rows.Scan(&tb.name, &tb.updated))
		tables = append(tables, tb)
	}
	rows.Close()
	for _, tb := range tables {
		q := `SELECT count(*)`
		if tb.updated {
			q = `SELECT count(*) || ':' || coalesce(max(updated_at), '')`
		}
		var v string
		must(t, s.db.QueryRow(q+` FROM `+tb.name).Scan(&v))
		b.WriteString(tb.name + "=" + v + " ")
	}
	return b.String()
}
