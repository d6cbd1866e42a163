package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/data/demo"
	"policycredit/data/sqlite"
)

// crashArgs, set in the environment, makes the test binary run the command line with them
// and exit: the crash test kills such a child with SIGKILL in the middle of its work.
const crashArgs = "POLICYCREDIT_CRASH_ARGS"

func init() {
	if args := os.Getenv(crashArgs); args != "" {
		os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
}

// officeCounts are what all-or-nothing is judged on: the ledger's entries, the collection
// batches and the households.
type officeCounts struct{ entries, batches, borrowers, communes int }

func countOffice(t *testing.T, db string) officeCounts {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var c officeCounts
	if err := conn.QueryRow(`SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM collection_batches),
		(SELECT count(*) FROM borrowers), (SELECT count(*) FROM communes)`).Scan(&c.entries, &c.batches, &c.borrowers, &c.communes); err != nil {
		t.Fatal(err)
	}
	return c
}

// killDuring starts the command line as a child and kills it with SIGKILL after delay (or lets
// it finish when it is quicker); it says whether the child was killed.
func killDuring(t *testing.T, delay time.Duration, args ...string) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashArgs+"="+strings.Join(args, "\x1f"), "POLICYCREDIT_PASSWORD="+demo.Password)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return false
	case <-time.After(delay):
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return true
	}
}

// TestKilledWritesLeaveNoHalfBatch kills postings, collection batches and imports with SIGKILL
// at random moments, 20 times in all: each time the office passes check, and each batch is
// there whole or not at all.
func TestKilledWritesLeaveNoHalfBatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(17, 2026))
	pristine := smallDB(t)

	// A file of payments on 300 loans, and the office exported whole, prepared once.
	paymentsFile := filepath.Join(dir, "payments.csv")
	s := openForTest(t, pristine)
	contracts := sampleContracts(t, s, 300)
	s.Close()
	var b strings.Builder
	b.WriteString("date,contract,kind,amount,ref\n")
	for i, c := range contracts {
		fmt.Fprintf(&b, "%s,%s,payment,10000,CRASH-%d\n", demo.TodayISO, c, i)
	}
	if err := os.WriteFile(paymentsFile, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	exported := filepath.Join(dir, "office.xlsx")
	mustRun(t, "--db", pristine, "--lang", "en", "export", "all", "--format", "xlsx", "-o", exported)

	kills := 0
	for i := 0; i < 20; i++ {
		db := filepath.Join(dir, fmt.Sprintf("office-%d.db", i))
		var args []string
		var whole func(before, after officeCounts) bool
		switch i % 3 {
		case 0: // a posting file: every line or none
			copyDB(t, pristine, db)
			args = []string{"--db", db, "--user", "giaodich", "post", paymentsFile}
			whole = func(b, a officeCounts) bool { return a.entries == b.entries || a.entries >= b.entries+len(contracts) }
		case 1: // a collection batch
			copyDB(t, pristine, db)
			list := filepath.Join(dir, fmt.Sprintf("list-%d.csv", i))
			filled := filepath.Join(dir, fmt.Sprintf("filled-%d.csv", i))
			st := openForTest(t, db)
			points, err := st.Points(context.Background(), 0)
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			day := data.NextPointDay(points[0].Day, demo.Today)
			pinWorkingDate(t, db, day)
			mustRun(t, "--db", db, "--lang", "en", "collection", "list", "--point", points[0].Code, "--date", day.String(), "-o", list)
			fillCSV(t, list, filled, "")
			args = []string{"--db", db, "--user", "giaodich", "collection", "post", filled}
			whole = func(b, a officeCounts) bool {
				return a.batches == b.batches && a.entries == b.entries || a.batches == b.batches+1 && a.entries > b.entries
			}
		default: // an import of a whole office into an empty one
			args = []string{"--db", db, "import", exported}
			whole = func(b, a officeCounts) bool { return a.communes == 0 && a.borrowers == 0 || a.borrowers > 400 }
		}
		var before officeCounts
		if i%3 != 2 {
			before = countOffice(t, db)
		}
		if killDuring(t, time.Duration(30+rng.IntN(450))*time.Millisecond, args...) {
			kills++
		}
		if _, err := os.Stat(db); err != nil {
			continue // killed before the import created the file
		}
		// The app opens it first, as it would after a crash: SQLite rolls back what the
		// killed process left unfinished (a read-only look could not).
		st, err := sqlite.Open(db)
		if err != nil {
			t.Fatalf("run %d (%s): the office does not open after the kill: %v", i, args[len(args)-2], err)
		}
		problems, err := st.Check(context.Background())
		st.Close()
		if err != nil || len(problems) > 0 {
			t.Errorf("run %d: check after the kill: %v %v", i, problems, err)
		}
		after := countOffice(t, db)
		if !whole(before, after) {
			t.Errorf("run %d (%s): half a batch: %+v → %+v", i, args[len(args)-2], before, after)
		}
	}
	if kills < 10 {
		t.Errorf("only %d of 20 runs were killed mid-way: the delays no longer hit the work", kills)
	}
	t.Logf("%d of 20 runs killed mid-way", kills)
}
