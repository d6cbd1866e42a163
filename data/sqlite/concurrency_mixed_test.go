package sqlite

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"policycredit/data"
	"policycredit/data/demo"
)

// At once on PostgreSQL, from PCs of their own: two tellers post two points' transaction days,
// a third posts a payments file, a fourth imports a file of communes, and a fifth takes single
// payments. Every write lands whole (each day's batch, the file and the import all or nothing,
// here all), no entry number is given twice or skipped, and the office checks clean.
func TestPostgresDaysFilesAndImportsAtOnce(t *testing.T) {
	s, addr := pgDemoStore(t)
	loans := busiestPoint(t, s)
	points, err := s.Points(userCtx, 0)
	must(t, err)
	var firstEntry int64
	must(t, s.db.QueryRowContext(userCtx, `SELECT coalesce(max(id), 0) FROM entries`).Scan(&firstEntry))

	pc := func() *Store {
		o := openTest(t, addr)
		o.Today, o.QueueWait = s.Today, 5*time.Minute
		return o
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	run := func(what string, fn func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(); err != nil {
				errs <- fmt.Errorf("%s: %w", what, err)
			}
		}()
	}
	for _, p := range points[:2] {
		list, err := s.CollectionList(userCtx, p.ID, demo.Today)
		must(t, err)
		var rows []data.CollectionEntry
		for _, g := range list.Groups {
			for _, m := range g.Members {
				rows = append(rows, data.CollectionEntry{Customer: m.Customer, Collected: data.Collected{Deposit: 10_000}})
			}
		}
		teller := pc()
		run("the day of point "+p.Code, func() error {
			_, err := teller.PostCollection(userCtx, data.CollectionBatch{PointID: p.ID, Date: demo.Today, Entries: rows})
			return err
		})
	}
	var file []data.Posting
	for i := range 200 {
		file = append(file, data.Posting{Payment: &data.Payment{LoanID: loans[i%len(loans)].ID, ValueDate: demo.Today, Amount: 2_000, Ref: fmt.Sprintf("FILE-%03d", i)}})
	}
	poster := pc()
	run("the payments file", func() error {
		_, err := poster.PostPostingsFile(userCtx, file, data.SourceFile{SHA256: "mixed-test-file", Name: "payments.csv"})
		return err
	})
	var communes data.ImportBatch
	for i := range 50 {
		communes.Communes = append(communes.Communes, data.ImportCommune{Origin: data.Origin{Sheet: "communes", Line: i + 2}, Commune: data.Commune{Code: fmt.Sprintf("9%04d", i), Name: fmt.Sprintf("Xã nhập %d", i)}})
	}
	importer := pc()
	run("the import", func() error {
		res, err := importer.Import(userCtx, &communes, data.ImportOptions{})
		if err == nil && (!res.Written || len(res.Problems) > 0) {
			err = fmt.Errorf("written %v, problems %v", res.Written, res.Problems)
		}
		return err
	})
	cashier := pc()
	run("single payments", func() error {
		for i := range 100 {
			if _, err := cashier.PostPayment(userCtx, data.Payment{LoanID: loans[(i*3)%len(loans)].ID, ValueDate: demo.Today, Amount: 1_500, Ref: fmt.Sprintf("ONE-%03d", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	var n, lo, hi int64
	must(t, s.db.QueryRowContext(userCtx, `SELECT count(*), coalesce(min(id), 0), coalesce(max(id), 0) FROM entries WHERE id > ?`, firstEntry).Scan(&n, &lo, &hi))
	if n == 0 || lo != firstEntry+1 || hi-lo+1 != n {
		t.Errorf("entry numbers after %d: %d entries from %d to %d", firstEntry, n, lo, hi)
	}
	for _, ref := range []string{"FILE-%", "ONE-%"} {
		var refs int64
		must(t, s.db.QueryRowContext(userCtx, `SELECT count(DISTINCT ref) FROM entries WHERE ref LIKE ?`, ref).Scan(&refs))
		if want := map[string]int64{"FILE-%": 200, "ONE-%": 100}[ref]; refs != want {
			t.Errorf("%s: %d payments in the ledger, want %d", ref, refs, want)
		}
	}
	var batches int64
	must(t, s.db.QueryRowContext(userCtx, `SELECT count(*) FROM collection_batches WHERE point_id IN (?, ?) AND value_date = ?`, points[0].ID, points[1].ID, demo.TodayISO).Scan(&batches))
	if batches != 2 {
		t.Errorf("%d transaction days posted, want 2", batches)
	}
	cs, err := s.Communes(userCtx)
	must(t, err)
	imported := 0
	for _, c := range cs {
		if len(c.Code) == 5 && c.Code[0] == '9' {
			imported++
		}
	}
	if imported != 50 {
		t.Errorf("%d imported communes, want 50", imported)
	}
	problems, err := s.Check(userCtx)
	must(t, err)
	for _, p := range problems {
		t.Errorf("check: %v", p)
	}
}
