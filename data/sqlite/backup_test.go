package sqlite

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/data/pgtest"
)

func TestBackupRestoreRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "office.db")
	s, ctx := openTest(t, path), userCtx
	c := data.Commune{Code: "17890", Name: "Xã Quỳnh Thạch"}
	must(t, s.SaveCommune(ctx, &c))
	v := data.Village{CommuneID: c.ID, Code: "T01", Name: "Thôn Đông"}
	must(t, s.SaveVillage(ctx, &v))
	kept := person("KH0001", "Nguyễn Thị Đào", v.ID, 0)
	must(t, s.SaveBorrower(ctx, &kept))

	backup := filepath.Join(dir, "backups", "copy.db")
	must(t, s.Backup(ctx, backup))
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if fileExists(backup + suffix) {
			t.Errorf("backup left %s behind", suffix)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "backups", "*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// A change after the backup, then restore: the change is gone, and kept aside.
	later := person("KH0002", "Trần Văn Bình", v.ID, 0)
	must(t, s.SaveBorrower(ctx, &later))
	must(t, s.Close())
	aside, err := Restore(ctx, path, backup)
	must(t, err)
	if !strings.HasPrefix(aside, path+".before-restore-") {
		t.Errorf("aside = %q", aside)
	}
	s2 := openTest(t, path)
	if _, err := s2.BorrowerByCode(ctx, "KH0001"); err != nil {
		t.Errorf("restored database lost KH0001: %v", err)
	}
	if _, err := s2.BorrowerByCode(ctx, "KH0002"); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("restored database still has KH0002: %v", err)
	}
	if problems, err := s2.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check after restore = %v, %v", problems, err)
	}
	// The restored file is writable and back in WAL mode.
	must(t, s2.SaveBorrower(ctx, &data.Borrower{Code: "KH0003", Name: "Lê Thị Hoa", VillageID: v.ID,
		Category: data.CategoryPoor, Active: true}))
	var mode string
	must(t, s2.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	if mode != "wal" {
		t.Errorf("journal_mode = %s", mode)
	}
	old := openTest(t, aside)
	if _, err := old.BorrowerByCode(ctx, "KH0002"); err != nil {
		t.Errorf("the database put aside lost KH0002: %v", err)
	}
}

// A copy of a closed office file (still marked WAL) restores too: people copy files by hand.
func TestRestoreFromACopiedOfficeFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	s := openTest(t, other)
	c := data.Commune{Code: "17890", Name: "Xã Quỳnh Thạch"}
	must(t, s.SaveCommune(userCtx, &c))
	must(t, s.Close())
	path := filepath.Join(dir, "office.db")
	cur := openTest(t, path)
	must(t, cur.Close())
	if _, err := Restore(userCtx, path, other); err != nil {
		t.Fatalf("Restore from a WAL-mode file: %v", err)
	}
	if cs, err := openTest(t, path).Communes(userCtx); err != nil || len(cs) != 1 {
		t.Errorf("Communes after restore = %v, %v", cs, err)
	}
}

func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "office.db")
	s := openTest(t, path)
	c := data.Commune{Code: "17890", Name: "Xã Quỳnh Thạch"}
	must(t, s.SaveCommune(userCtx, &c))
	must(t, s.Close())
	original, err := os.ReadFile(path)
	must(t, err)

	text := filepath.Join(dir, "notes.db")
	must(t, writeFile(text, strings.Repeat("Đây không phải là cơ sở dữ liệu.\n", 300)))
	foreign := filepath.Join(dir, "foreign.db")
	db, err := sql.Open("sqlite3", foreign)
	must(t, err)
	_, err = db.Exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('x')`)
	must(t, err)
	must(t, db.Close())
	empty := filepath.Join(dir, "empty.db")
	must(t, writeFile(empty, ""))

	for _, from := range []string{text, foreign, empty} {
		aside, err := Restore(userCtx, path, from)
		assertRule(t, err, "backup.file", "not_a_backup")
		if aside != "" {
			t.Errorf("Restore(%s) put the current file aside as %s", from, aside)
		}
	}
	if _, err := Restore(userCtx, path, filepath.Join(dir, "missing.db")); !data.HasCode(err, data.CodeNotFound) {
		t.Errorf("Restore of a missing file = %v", err)
	}
	if _, err := Restore(userCtx, path, path); data.ForField(err, "backup.file") == nil {
		t.Errorf("Restore of the file onto itself = %v", err)
	}
	now, err := os.ReadFile(path)
	must(t, err)
	if string(now) != string(original) {
		t.Error("a refused restore changed the current database")
	}
	if matches, _ := filepath.Glob(path + ".*"); len(matches) != 1 || matches[0] != path+".lock" {
		t.Errorf("a refused restore left files: %v (only the lock file stays)", matches)
	}
}

func TestRestoreIsRefusedWhileTheOfficeIsOpen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "office.db")
	s := openTest(t, path)
	backup := filepath.Join(dir, "backup.db")
	must(t, s.Backup(userCtx, backup))
	lock, err := LockOffice(path)
	must(t, err)
	if _, err := Restore(userCtx, path, backup); err == nil || data.DomainErrors(err)[0].Rule != "open_elsewhere" {
		t.Errorf("restore while the app has the office open: %v", err)
	}
	must(t, lock.Release())
	must(t, s.Close())
	aside, err := Restore(userCtx, path, backup)
	must(t, err)
	if _, err := os.Stat(aside); err != nil {
		t.Errorf("the office before the restore was not kept: %v", err)
	}
}

func TestAnOfficeLostBetweenTwoRenamesIsRecovered(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "office.db")
	s := openTest(t, path)
	must(t, s.SaveLanguage(userCtx, "fr"))
	must(t, s.Close())
	// An earlier version's restore moved the office aside and stopped there.
	must(t, os.Rename(path, path+".before-restore-20261201-101010"))
	got, err := RecoverSetAside(path)
	must(t, err)
	if got != path+".before-restore-20261201-101010" {
		t.Errorf("recovered %q", got)
	}
	s2 := openTest(t, path)
	set, err := s2.Settings(userCtx)
	must(t, err)
	if set.Language != "fr" {
		t.Errorf("the recovered office lost its data: language %q", set.Language)
	}
	if got, err := RecoverSetAside(path); err != nil || got != "" {
		t.Errorf("a second recovery with the office in place: %q %v", got, err)
	}
}

func TestAutoBackupKeepsTheLastN(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	dir := filepath.Join(t.TempDir(), "auto")
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	s.Clock = func() time.Time { return now }
	var made []string
	for i, step := range []time.Duration{0, 30 * time.Minute, 2 * time.Hour, 24 * time.Hour, 24 * time.Hour, 24 * time.Hour, time.Hour} {
		now = now.Add(step)
		got, err := s.AutoBackup(userCtx, dir, 2*time.Hour, 3)
		must(t, err)
		if got != "" {
			made = append(made, filepath.Base(got))
		}
		if i == 1 && got != "" {
			t.Errorf("a backup 30 minutes after the last one: %s", got)
		}
	}
	want := []string{"policycredit-20260301-080000.db", "policycredit-20260301-103000.db",
		"policycredit-20260302-103000.db", "policycredit-20260303-103000.db", "policycredit-20260304-103000.db"}
	if strings.Join(made, " ") != strings.Join(want, " ") {
		t.Errorf("made %v, want %v", made, want)
	}
	entries, err := os.ReadDir(dir)
	must(t, err)
	var left []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".db") {
			left = append(left, e.Name())
			if _, err := os.Stat(filepath.Join(dir, e.Name()+".verified")); err != nil {
				t.Errorf("%s has no verified note: %v", e.Name(), err)
			}
		}
	}
	if strings.Join(left, " ") != strings.Join(want[2:], " ") {
		t.Errorf("left %v, want the newest of each of the last 3 days", left)
	}
	// A backup made automatically is a sound database of ours: a file, or a dump that restores
	// into an empty database.
	target := filepath.Join(t.TempDir(), "fresh.db")
	if s.pg {
		target = pgtest.Database(t)
	}
	if _, err := Restore(userCtx, target, filepath.Join(dir, left[2])); err != nil {
		t.Errorf("an automatic backup does not restore: %v", err)
	}
}

func TestCheckFindsProblems(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if problems, err := f.s.Check(userCtx); err != nil || len(problems) != 0 {
		t.Fatalf("Check on a good database = %v, %v", problems, err)
	}
	// Break the database behind the store's back: a dangling village and a leader who left.
	conn, err := f.s.db.Conn(userCtx)
	must(t, err)
	defer conn.Close()
	// Foreign keys off for this connection: PostgreSQL's replica role skips their triggers.
	off := `PRAGMA foreign_keys = OFF`
	if f.s.pg {
		off = `SET session_replication_role = replica`
	}
	_, err = conn.ExecContext(userCtx, off)
	must(t, err)
	_, err = conn.ExecContext(userCtx, `UPDATE villages SET commune_id = 9999 WHERE id = ?`, f.villageB1.ID)
	must(t, err)
	_, err = conn.ExecContext(userCtx, `UPDATE borrowers SET active = 0 WHERE id = ?`, f.leader.ID)
	must(t, err)
	problems, err := f.s.Check(userCtx)
	must(t, err)
	if len(problems) != 2 || problems[0].Rule != "check_reference" || problems[0].Params["Table"] != "villages" ||
		problems[1].Rule != "check_leader" || problems[1].Params["Code"] != "QT-01" {
		t.Errorf("Check = %v", problems)
	}
}

func TestRotationKeepsThirtyDaysAndTwelveMonths(t *testing.T) {
	t.Parallel()
	var names []string
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for d := 0; d < 500; d++ {
		names = append(names, BackupName(start.AddDate(0, 0, d)))
	}
	kept := rotationKeeps(names, 30, 12, time.UTC)
	last := start.AddDate(0, 0, 499)
	for d := 0; d < 30; d++ {
		if !kept[BackupName(last.AddDate(0, 0, -d))] {
			t.Errorf("day %d back not kept", d)
		}
	}
	months := map[string]bool{}
	for n := range kept {
		months[n[len("policycredit-"):len("policycredit-")+6]] = true
	}
	// The last 30 days cover May and the second half of April; ten earlier months add their
	// newest backup each.
	if len(kept) != 30+10 || len(months) != 12 {
		t.Errorf("kept %d backups over %d months, want 30 days and the newest of 12 months (40)", len(kept), len(months))
	}
}

func TestADamagedOfficeMakesNoBackupAndDeletesNone(t *testing.T) {
	t.Parallel()
	s := newDemoStore(t)
	dir := filepath.Join(t.TempDir(), "auto")
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	s.Clock = func() time.Time { return now }
	good, err := s.AutoBackup(userCtx, dir, time.Hour, 1)
	must(t, err)
	// Someone copied an older office here by hand: not verified, never counted nor deleted.
	hand := filepath.Join(dir, "policycredit-20250101-000000.db")
	must(t, os.WriteFile(hand, []byte("copied by hand"), 0o600))
	// An amount edited behind the store's back: the chain breaks.
	tamper(t, s, `DROP TRIGGER IF EXISTS entries_no_update`)
	_, err = s.db.Exec(`UPDATE entries SET amount = amount + 1 WHERE id = (SELECT max(id) FROM entries WHERE amount > 0)`)
	must(t, err)
	now = now.Add(48 * time.Hour)
	made, err := s.AutoBackup(userCtx, dir, time.Hour, 1)
	if err == nil || made != "" {
		t.Fatalf("a damaged office made a backup: %q %v", made, err)
	}
	if des := data.DomainErrors(err); len(des) != 1 || des[0].Rule != "source_damaged" {
		t.Errorf("refusal: %v", err)
	}
	list, err := Backups(dir)
	must(t, err)
	if len(list) != 2 || list[0].Path != good || !list[0].Verified || list[1].Path != hand || list[1].Verified {
		t.Errorf("backups after the refusal: %+v", list)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*.unverified")); len(matches) > 0 {
		t.Errorf("the refused copy was left: %v", matches)
	}
	if err := s.Backup(userCtx, filepath.Join(t.TempDir(), "manual.db")); err == nil {
		t.Error("a manual backup of a damaged office was made")
	}
}
