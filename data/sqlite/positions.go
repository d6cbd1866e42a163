package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"policycredit/data"
)

// PositionScope selects the loans of Positions: those lent through one group (GroupID), those
// of the households of one commune (CommuneID, through borrower → village → commune), those
// of a transaction point (PointID), the loans listed (LoanIDs), or, when none is set, the whole
// office. The first set, in the order of the fields, wins.
type PositionScope struct {
	GroupID   int64
	CommuneID int64
	// PointID selects the loans of the households now in the groups a transaction point
	// serves (the groups of its villages), wherever the loan was lent.
	PointID int64
	// MemberOf, with PointID, keeps only the households now in these groups.
	MemberOf []int64
	// LoanIDs selects these loans.
	LoanIDs []int64
}

// LoanPosition is one loan with where it sits and what it owes on a date.
type LoanPosition struct {
	Loan      data.Loan
	VillageID int64 // the household's village
	CommuneID int64 // the household's commune
	Position  data.Position
}

// Position returns what a loan owes on a date (data.PositionOn on its book).
func (s *Store) Position(ctx context.Context, contract string, on data.Date) (data.Position, error) {
	var p data.Position
	err := s.read(ctx, func(tx *sql.Tx) error {
		b, err := newLedger(ctx, tx, stamp{}).loanByContract(contract)
		if err != nil {
			return err
		}
		p, err = data.PositionOn(*b, on)
		return err
	})
	return p, err
}

// scopeWhere is the condition on loans l (joined to their household b and village v) of a
// scope, with the loans that can owe nothing on date on left out: those signed after it and
// those closed by then (closed, with no entry dated after it). Its parameters are ?1, the
// date, and ?2, the group or commune.
func scopeWhere(scope PositionScope, on data.Date) (string, []any) {
	where := ` WHERE ` + mayOweOn
	switch {
	case scope.GroupID != 0:
		return where + ` AND l.group_id = ?2`, []any{on.String(), scope.GroupID}
	case scope.CommuneID != 0:
		return where + ` AND v.commune_id = ?2`, []any{on.String(), scope.CommuneID}
	case scope.PointID != 0:
		where += ` AND b.group_id IN (SELECT g.id FROM savings_groups g
			JOIN point_villages pv ON pv.village_id = g.village_id WHERE pv.point_id = ?2)`
		if len(scope.MemberOf) > 0 {
			where += ` AND b.group_id IN (` + idList(scope.MemberOf) + `)`
		}
		return where, []any{on.String(), scope.PointID}
	case len(scope.LoanIDs) > 0:
		return where + ` AND l.id IN (` + idList(scope.LoanIDs) + `)`, []any{on.String()}
	}
	return where, []any{on.String()}
}

// mayOweOn is scopeWhere's condition that a loan l (with its balances lb) can owe something on
// the date ?1.
const mayOweOn = `l.signed_on <= ?1 AND NOT (l.status = 'closed' AND coalesce(lb.last_value_date, '') <= ?1)`

// idList writes IDs for an IN list. They are integers, so writing them into the SQL is safe,
// and it keeps the ?1, ?2 numbering of the scope's parameters.
func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

const scopeFrom = ` FROM loans l JOIN borrowers b ON b.id = l.borrower_id JOIN villages v ON v.id = b.village_id
	LEFT JOIN loan_balances lb ON lb.loan_id = l.id`

// The schedules and the ledgers of a scope are read one row per loan, their records packed
// into one text by a correlated group_concat: the driver's cost per row and per column would
// otherwise dominate (66,000 entry rows for a commune). group_concat walks the primary key of
// installments and the covering entries_loan index, so records come in installment and
// posting order; unpacking checks it. The rows are not sorted: an ORDER BY would make SQLite
// build every packed text of the scope before returning the first.
const (
	packedSchedules = `SELECT l.id, (SELECT group_concat(i.no || ',' || i.due || ',' || i.principal, ';' /*pg: ORDER BY i.no */)
		FROM installments i WHERE i.loan_id = l.id)`
	// Entries dated up to the date (the engine reads no later one), only the columns it reads;
	// installment, new date and reversed entry only when one is set.
	packedLedgers = `SELECT l.id, (SELECT group_concat(e.id || ',' || e.kind || ',' || e.value_date || ',' || e.amount ||
			CASE WHEN e.installment = 0 AND e.new_date = '' AND e.reverses IS NULL THEN ''
			ELSE ',' || e.installment || ',' || e.new_date || ',' || coalesce(e.reverses, 0) END, ';' /*pg: ORDER BY e.id */)
		FROM entries e WHERE e.loan_id = l.id AND e.value_date <= ?1)`
)

// Positions computes the position on date on of every loan of a scope, ordered by loan ID.
// Loans that owe nothing by construction (signed after on, or closed by on) are left out.
// The books are read in a handful of queries for the whole scope (programs' rates, loans, rate
// overrides, schedules, entries), never one per loan, and the engine runs on the other cores
// while entries are read. A loan's entries are dropped once its position is computed, so a
// whole office (4 M entries) is never held in memory at once.
func (s *Store) Positions(ctx context.Context, scope PositionScope, on data.Date) ([]LoanPosition, error) {
	if on.IsZero() {
		return nil, data.Invalid("position.date", "required")
	}
	var out []LoanPosition
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = positionsIn(ctx, tx, scope, on)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// positionsIn is Positions inside a read transaction, so that callers can read other figures
// from the same snapshot.
func positionsIn(ctx context.Context, tx *sql.Tx, scope PositionScope, on data.Date) ([]LoanPosition, error) {
	where, args := scopeWhere(scope, on)
	var out []LoanPosition
	books, index, err := loadBooks(ctx, tx, bookQuery{from: scopeFrom + where, args: args, orderBy: `l.id`,
		moreColumns: `, v.id, v.commune_id`, more: func() []any {
			out = append(out, LoanPosition{})
			lp := &out[len(out)-1]
			return []any{&lp.VillageID, &lp.CommuneID}
		}})
	if err != nil || len(books) == 0 {
		return nil, err
	}
	for i := range books {
		out[i].Loan = books[i].Loan
	}

	// Entries: each loan's packed text goes to the engine's workers as soon as it is read;
	// they unpack it and compute while this goroutine reads on.
	if err := newEnginePool(books, out, on).run(ctx, tx, scopeFrom+where, args, index); err != nil {
		return nil, err
	}
	return out, nil
}

// eachPacked runs a query of (loan ID, packed text) rows and hands each to fn; the text is
// only valid during the call.
func eachPacked(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(id int64, packed []byte) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var packed sql.RawBytes
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &packed); err != nil {
			return err
		}
		if err := fn(id, packed); err != nil {
			return err
		}
	}
	return rows.Err()
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// enginePool runs the engine on one goroutine per core: it unpacks the entries of book i,
// runs compute on the book and drops the entries.
type enginePool struct {
	books   []data.Book
	compute func(i int, b data.Book) error
	work    chan packedBook
	wg      sync.WaitGroup
	mu      sync.Mutex
	err     error
}

type packedBook struct {
	i       int
	entries []byte
}

// newEnginePool computes out[i].Position on date on for each book i.
func newEnginePool(books []data.Book, out []LoanPosition, on data.Date) *enginePool {
	return newBookPool(books, func(i int, b data.Book) (err error) {
		out[i].Position, err = data.PositionOn(b, on)
		return err
	})
}

func newBookPool(books []data.Book, compute func(i int, b data.Book) error) *enginePool {
	p := &enginePool{books: books, compute: compute, work: make(chan packedBook, 256)}
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			dates := packedDates{}
			for job := range p.work {
				b := &p.books[job.i]
				var err error
				if b.Entries, err = unpackEntries(job.entries, b.Loan, dates); err == nil {
					err = p.compute(job.i, *b)
				}
				b.Entries = nil
				if err != nil {
					p.mu.Lock()
					if p.err == nil {
						p.err = fmt.Errorf("loan %s: %w", b.Loan.Contract, err)
					}
					p.mu.Unlock()
				}
			}
		}()
	}
	return p
}

// run reads the ledgers of the loans that from (FROM … WHERE on l, with args; ?1 the last
// value date read) selects, hands each to the engine as soon as it is read, and waits for
// them all; index maps a loan's ID to its book.
func (p *enginePool) run(ctx context.Context, tx *sql.Tx, from string, args []any, index map[int64]int) error {
	submitted := make([]bool, len(p.books))
	err := eachPacked(ctx, tx, packedLedgers+from, args, func(id int64, packed []byte) error {
		if i, ok := index[id]; ok && !submitted[i] {
			submitted[i] = true
			p.submit(i, bytes.Clone(packed))
		}
		return nil
	})
	for i := range p.books {
		if !submitted[i] && err == nil {
			p.submit(i, nil) // no row (cannot happen within one snapshot): no entries
		}
	}
	if perr := p.wait(); err == nil {
		err = perr
	}
	return err
}

// submit hands book i with its packed entries to the engine; the caller no longer touches it.
func (p *enginePool) submit(i int, entries []byte) { p.work <- packedBook{i, entries} }

// wait lets the workers finish and returns the first error.
func (p *enginePool) wait() error {
	close(p.work)
	p.wg.Wait()
	return p.err
}

// packedDates reads the dates of packed rows, YYYY-MM-DD, each distinct one once.
type packedDates map[int32]data.Date

func (c packedDates) parse(b []byte) (data.Date, bool) {
	if len(b) == 0 {
		return data.Date{}, true
	}
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return data.Date{}, false
	}
	var key int32
	for _, i := range [8]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if b[i] < '0' || b[i] > '9' {
			return data.Date{}, false
		}
		key = key*10 + int32(b[i]-'0')
	}
	if d, ok := c[key]; ok {
		return d, true
	}
	y, m, day := int(key/10000), time.Month(key/100%100), int(key%100)
	d := data.NewDate(y, m, day)
	if d.Year() != y || d.Month() != m || d.Day() != day { // 2025-02-30 and the like
		return data.Date{}, false
	}
	c[key] = d
	return d, true
}

// kindOf reads an entry kind without allocating (a map lookup of string(b) does not copy b).
func kindOf(b []byte) (data.EntryKind, bool) { return data.KindNamed(string(b)) }

// errPacked reports a packed row that does not read back; it means a bug, not bad input.
var errPacked = errors.New("malformed packed row")

// fields cuts a packed record at commas into dst, which must have room for every field.
func fields(rec []byte, dst [][]byte) bool {
	n := 0
	for n < len(dst)-1 {
		i := bytes.IndexByte(rec, ',')
		if i < 0 {
			return false
		}
		dst[n], rec = rec[:i], rec[i+1:]
		n++
	}
	dst[n] = rec
	return bytes.IndexByte(rec, ',') < 0
}

// atoi reads a decimal integer, optionally negative.
func atoi(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// nextRecord splits the first ';'-separated record off packed.
func nextRecord(packed []byte) (rec, rest []byte) {
	if i := bytes.IndexByte(packed, ';'); i >= 0 {
		return packed[:i], packed[i+1:]
	}
	return packed, nil
}

// unpackSchedule reads "no,due,principal;…".
func unpackSchedule(packed []byte, dates packedDates) ([]data.Installment, error) {
	out := make([]data.Installment, 0, bytes.Count(packed, []byte{';'})+1)
	var f [3][]byte
	for len(packed) > 0 {
		var rec []byte
		rec, packed = nextRecord(packed)
		if !fields(rec, f[:]) {
			return nil, errPacked
		}
		no, ok1 := atoi(f[0])
		principal, ok2 := atoi(f[2])
		due, ok3 := dates.parse(f[1])
		if !ok1 || !ok2 || !ok3 {
			return nil, errPacked
		}
		out = append(out, data.Installment{No: int(no), Due: due, Principal: data.Dong(principal)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].No < out[j].No }) // already in order: cheap
	return out, nil
}

// unpackEntries reads "id,kind,value_date,amount[,installment,new_date,reverses];…" of loan l
// (the last three only when one is set), and puts the entries in posting order.
func unpackEntries(packed []byte, l data.Loan, dates packedDates) ([]data.Entry, error) {
	out := make([]data.Entry, 0, bytes.Count(packed, []byte{';'})+1)
	var f [7][]byte
	sorted := true
	for len(packed) > 0 {
		var rec []byte
		rec, packed = nextRecord(packed)
		n := 4
		if bytes.Count(rec, []byte{','}) == 6 {
			n = 7
		}
		if !fields(rec, f[:n]) {
			return nil, errPacked
		}
		id, ok1 := atoi(f[0])
		amount, ok2 := atoi(f[3])
		kind, ok3 := kindOf(f[1])
		value, ok4 := dates.parse(f[2])
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, errPacked
		}
		e := data.Entry{ID: id, LoanID: l.ID, BorrowerID: l.BorrowerID, Kind: kind, ValueDate: value, Amount: data.Dong(amount)}
		if n == 7 {
			inst, ok1 := atoi(f[4])
			rev, ok2 := atoi(f[6])
			newDate, ok3 := dates.parse(f[5])
			if !ok1 || !ok2 || !ok3 {
				return nil, errPacked
			}
			e.Installment, e.NewDate, e.Reverses = int(inst), newDate, rev
		}
		if k := len(out); k > 0 && out[k-1].ID > id {
			sorted = false
		}
		out = append(out, e)
	}
	if !sorted {
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	}
	return out, nil
}
