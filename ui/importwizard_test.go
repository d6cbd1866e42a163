package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/transfer"
)

// importOffice is an office with one commune and one village for the wizard's files to name.
func importOffice(t *testing.T) *App {
	t.Helper()
	a, store := newTestApp(t, "vi", "settings")
	ctx := context.Background()
	c := &data.Commune{Code: "25432", Name: "Xã Tân Lập"}
	if err := store.SaveCommune(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveVillage(ctx, &data.Village{CommuneID: c.ID, Code: "TL01", Name: "Thôn Đồng Tâm"}); err != nil {
		t.Fatal(err)
	}
	return a
}

// writeFile writes content as a file named name in a new folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const borrowersCSV = "Mã KH,Họ tên,Mã xã,Mã thôn,Đối tượng\n" +
	"KH0001,Nguyễn Thị Lan,25432,TL01,Hộ nghèo\n" +
	"KH0002,Trần Văn Bình,25432,TL01,Hộ cận nghèo\n"

// openWizard opens the wizard on path as the file dialog would, and waits for the file to be read.
func openWizard(t *testing.T, a *App, path string) *importWizard {
	t.Helper()
	w := a.openImport(path)
	a.Wait()
	if w.file == nil || w.dlg == nil {
		t.Fatalf("the wizard did not open %s", path)
	}
	return w
}

func TestImportWizardChecksThenImportsBorrowers(t *testing.T) {
	fakeHome(t)
	a := importOffice(t)
	loc := a.loc
	// The Settings screen's button asks for the file.
	if !tapButton(a, loc.T("importwizard.open")) || a.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the Settings screen has no Import button opening the file dialog")
	}
	closeOverlays(a)

	path := writeFile(t, "ho-vay.csv", borrowersCSV)
	w := openWizard(t, a, path)

	if len(w.sheets) != 1 {
		t.Fatalf("%d sheets shown, want 1", len(w.sheets))
	}
	v := w.sheets[0]
	m := &v.sheet.Mapping
	if m.Kind != transfer.KindBorrowers || m.Columns[0] != "customer_code" || m.Columns[1] != "customer_name" {
		t.Fatalf("recognised %q with columns %v", m.Kind, m.Columns)
	}
	if v.kind.Selected != loc.T("importwizard.kind.borrowers") || m.Remembered {
		t.Errorf("kind shown %q, remembered %v", v.kind.Selected, m.Remembered)
	}
	if got := v.samples(); got[0][1] != "Nguyễn Thị Lan" || got[1][0] != "KH0002" || got[2][0] != "" {
		t.Errorf("samples %v", got)
	}
	if w.cutOff.Text != loc.Date(data.DateOf(time.Now())) {
		t.Errorf("cut-off date %q, want today", w.cutOff.Text)
	}

	// Leaving the customer code out makes it missing, in red, and the check waits for it.
	v.fields[0].SetSelected(loc.T("importwizard.not_imported"))
	if m.Columns[0] != "" || !v.missing.Visible() || v.missing.Importance != widget.DangerImportance || !w.check.Disabled() {
		t.Fatalf("code left out: columns %v, missing %q shown %v, check disabled %v", m.Columns, v.missing.Text,
			v.missing.Visible(), w.check.Disabled())
	}
	f, _ := transfer.FieldByKey("customer_code")
	v.fields[0].SetSelected(loc.T(f.TitleID()))
	if m.Columns[0] != "customer_code" || v.missing.Visible() || w.check.Disabled() {
		t.Fatalf("code given back: columns %v, check disabled %v", m.Columns, w.check.Disabled())
	}

	// A bad cut-off date is refused in place.
	w.cutOff.SetText("31/02/2026")
	w.runCheck()
	a.Wait()
	if !w.dateMsg.Visible() || w.problems != nil || w.apply != nil {
		t.Fatal("a bad cut-off date was not refused")
	}
	w.cutOff.SetText(loc.Date(data.DateOf(time.Now())))

	test.Tap(w.check)
	a.Wait()
	if len(w.outcome.Problems) != 0 {
		t.Fatalf("problems: %+v", w.outcome.Problems)
	}
	if c := w.outcome.Result.Counts["borrower"]; c.Created != 2 || w.outcome.Result.Written {
		t.Fatalf("check counts %+v, written %v", w.outcome.Result.Counts, w.outcome.Result.Written)
	}
	if _, err := a.store.BorrowerByCode(context.Background(), "KH0001"); err == nil {
		t.Fatal("the check wrote the borrower")
	}
	if w.apply.Disabled() || !w.apply.Visible() {
		t.Fatal("the Import button is not offered after a clean check")
	}

	if !tapButton(a, loc.T("importwizard.import")) {
		t.Fatal("no Import button to tap")
	}
	if !w.imported || w.outcome.Result.Counts["borrower"].Created != 2 {
		t.Fatalf("import: %+v", w.outcome.Result)
	}
	b, err := a.store.BorrowerByCode(context.Background(), "KH0002")
	if err != nil || b.Name != "Trần Văn Bình" || b.Category != data.CategoryNearPoor {
		t.Fatalf("KH0002 after the import: %+v, %v", b.Borrower, err)
	}
	if !strings.Contains(a.status.Text, "ho-vay.csv") {
		t.Errorf("status bar %q does not say what was imported", a.status.Text)
	}
	tapButton(a, loc.T("action.close"))

	// The same layout next time comes with the confirmed mapping.
	again := openWizard(t, a, writeFile(t, "ho-vay-2.csv", borrowersCSV))
	if !again.sheets[0].sheet.Mapping.Remembered || again.sheets[0].known.Text != loc.T("importwizard.remembered") {
		t.Error("the confirmed mapping is not offered again")
	}
}

func TestImportWizardListsProblemsAndWritesNothing(t *testing.T) {
	a := importOffice(t)
	loc := a.loc
	path := writeFile(t, "ho-vay.csv", "Mã KH,Họ tên,Mã xã,Mã thôn,Đối tượng\n"+
		"KH0001,Nguyễn Thị Lan,25432,TL01,Hộ nghèo\n"+
		"KH0002,,25432,TL01,Hộ nghèo\n")
	w := openWizard(t, a, path)
	test.Tap(w.check)
	a.Wait()

	if len(w.outcome.Problems) == 0 {
		t.Fatal("an empty name passed the check")
	}
	p := w.outcome.Problems[0]
	if p.Line != 3 || p.Message == "" {
		t.Errorf("problem %+v, want line 3 with a reason", p)
	}
	if w.problems == nil {
		t.Fatal("no table of problems")
	}
	if rows, cols := w.problems.Length(); rows != len(w.outcome.Problems) || cols != 4 {
		t.Errorf("problems table %d×%d", rows, cols)
	}
	if !w.apply.Disabled() {
		t.Error("Import is offered with problems")
	}
	if tapButton(a, loc.T("importwizard.import")) {
		t.Error("a disabled Import button was tapped")
	}
	if !w.save.Visible() || w.save.Disabled() {
		t.Error("no Save report button")
	}
	if _, err := a.store.BorrowerByCode(context.Background(), "KH0001"); err == nil {
		t.Error("the good row was written although another was refused")
	}

	// Back to the columns, the mapping is as the clerk left it.
	if !tapButton(a, loc.T("importwizard.back")) || !w.check.Visible() {
		t.Error("no way back to the columns")
	}
}

func TestImportWizardSavesTheProblemsReport(t *testing.T) {
	a := importOffice(t)
	w := openWizard(t, a, writeFile(t, "ho-vay.csv", "Mã KH,Họ tên,Mã xã,Mã thôn\nKH0002,,25432,TL01\n"))
	test.Tap(w.check)
	a.Wait()
	sheet := transfer.ProblemsSheet(a.loc, w.outcome.Problems)
	if len(sheet.Rows) != len(w.outcome.Problems) || len(sheet.Rows) == 0 {
		t.Fatalf("report rows %d, problems %d", len(sheet.Rows), len(w.outcome.Problems))
	}
}

func TestImportWizardExplainsAFileItCannotRead(t *testing.T) {
	a := importOffice(t)
	w := a.openImport(writeFile(t, "cu.xls", "old"))
	a.Wait()
	if w.dlg != nil {
		t.Fatal("the wizard opened on an .xls file")
	}
	found := false
	for _, st := range windowTexts(a.win) {
		found = found || st.text == a.loc.T("importwizard.file_error_title")
	}
	if !found {
		t.Error("no dialog says the file cannot be read")
	}
}

func TestImportWizardLeavesOutASheetWithNoHeader(t *testing.T) {
	a := importOffice(t)
	w := openWizard(t, a, writeFile(t, "ghi-chu.csv", "Ghi nhớ\nmột dòng\n"))
	v := w.sheets[0]
	if v.kind != nil || !w.check.Disabled() {
		t.Fatal("a sheet with no header can be checked")
	}
	found := false
	for _, st := range windowTexts(a.win) {
		found = found || st.text == a.loc.T("importwizard.not_recognised")
	}
	if !found {
		t.Error("the sheet is not shown as not recognised")
	}
}
