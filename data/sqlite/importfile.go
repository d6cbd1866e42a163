package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"policycredit/data"
)

// Import applies a batch read from files in one transaction: each record is matched by its
// office key (commune, village and point codes, group code, customer code, contract number,
// entry key), created when new, updated through the screens' own save functions when a field
// the file gives differs (each update audited), and left alone when nothing differs. Every
// record is checked even after a refusal, so that the report names every bad row; the
// transaction is committed only when no row was refused and the run is not a dry run.
func (s *Store) Import(ctx context.Context, b *data.ImportBatch, opt data.ImportOptions) (data.ImportResult, error) {
	res := data.ImportResult{Counts: map[string]data.ImportCount{}}
	a := importArgs{Batch: b, DryRun: opt.DryRun}
	c, fn := s.importChange(a, &res, opt.Progress, false)
	err := s.change(ctx, c, fn)
	if errors.Is(err, errLineAbortedImport) {
		// A refused line failed a statement on PostgreSQL, which aborts the whole transaction:
		// the file is refused, and checked again with each line in a savepoint for its report.
		c, fn = s.importChange(a, &res, opt.Progress, true)
		err = s.change(ctx, c, fn)
	}
	if errors.Is(err, errImportNotWritten) {
		return res, nil
	}
	if err != nil {
		return res, err
	}
	res.Written = true
	return res, nil
}

type importArgs struct {
	Batch  *data.ImportBatch `json:"batch"`
	DryRun bool              `json:"dry_run,omitempty"`
}

// errImportNotWritten rolls back an import that is a dry run, refused a row or changes nothing;
// Import then returns its report without an error.
var errImportNotWritten = errors.New("import not written")

// errLineAbortedImport rolls back an import on PostgreSQL whose refused line failed a statement
// (the transaction can run no other); Import then checks the file again line by line (handled).
var errLineAbortedImport = errors.New("import: a refused line aborted the transaction")

func init() {
	registerReplay("Import", func(s *Store, a importArgs) (change, txFunc) {
		res := data.ImportResult{Counts: map[string]data.ImportCount{}}
		return s.importChange(a, &res, nil, false)
	})
}

// importChange is a file import as one change: a request as a whole where the role needs
// approval, whose approver reads its counts (the check report). careful runs each line in a
// savepoint on PostgreSQL (handled): several times slower there, so only for a file one of
// whose lines failed a statement.
func (s *Store) importChange(a importArgs, res *data.ImportResult, progress func(done, total int), careful bool) (change, txFunc) {
	b := a.Batch
	opt := data.ImportOptions{DryRun: a.DryRun, Progress: progress}
	describe := func(ctx context.Context, tx *sql.Tx) (any, error) { return res.Counts, nil }
	act := data.ActImport
	if a.DryRun {
		act = data.ActCache // a check that writes nothing asks no approval
	}
	return change{action: act, method: "Import", args: a, subject: "import", describe: describe}, func(ctx context.Context, tx *sql.Tx, st stamp) error {
		if err := st.actor.may(data.ActImport); err != nil {
			return err
		}
		*res = data.ImportResult{Counts: map[string]data.ImportCount{}}
		return importTx(ctx, tx, st, s.now().Year(), b, opt, res, careful)
	}
}

// tuneImport sets SQLite up for a large import and returns what sets it back. Each statement of
// a transaction keeps a journal of what it changed, so that a refused row undoes only itself;
// kept in temporary files, those journals took half of a large import's time. In memory for
// this connection while the import runs, with a page cache that holds what a large file
// dirties, both back to what they were afterwards.
func tuneImport(ctx context.Context, tx *sql.Tx) (restore func(), err error) {
	var pages, temp int64
	if err := tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&pages); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&temp); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
		return nil, err
	}
	// A connection that already holds temporary storage (a migration that rebuilt a table
	// leaves it so) cannot change it inside a transaction: then the journals stay where they
	// are, slower but the same import.
	_, tempErr := tx.ExecContext(ctx, `PRAGMA temp_store = MEMORY`)
	// Without a context: the connection gets its settings back even after a cancel.
	return func() {
		tx.Exec(`PRAGMA cache_size = ` + strconv.FormatInt(pages, 10))
		if tempErr == nil {
			tx.Exec(`PRAGMA temp_store = ` + strconv.FormatInt(temp, 10))
		}
	}, nil
}

// importTx applies the batch in the caller's transaction.
func importTx(ctx context.Context, tx *sql.Tx, st stamp, thisYear int, b *data.ImportBatch, opt data.ImportOptions,
	res *data.ImportResult, careful bool) error {
	if !st.pg { // PostgreSQL's memory is the server's to size
		restore, err := tuneImport(ctx, tx)
		if err != nil {
			return err
		}
		defer restore() // before the commit or rollback, while the transaction has its connection
	}
	cache := newStmtCache(tx)
	defer cache.close()
	lg := newLedger(ctx, tx, st)
	lg.history = true
	lg.ex = cache
	im := &fileImport{ctx: ctx, tx: tx, st: st, res: res, opt: opt, total: b.Rows(), thisYear: thisYear,
		lg: lg, ex: cache, careful: careful, unchangedGroup: map[string]bool{},
		programs: map[string]data.Program{}}
	withLedger := map[string]bool{}
	for _, e := range b.Entries {
		withLedger[upper(e.Contract)] = true
	}
	steps := []func() error{
		im.load,
		func() error { return im.office(b.Office, b.OfficeOrigin) },
		func() error { return each(im, b.Communes, im.commune) },
		func() error { return each(im, b.Villages, im.village) },
		func() error { return each(im, b.Points, im.point) },
		func() error { return each(im, b.Groups, im.group) },
		func() error { return each(im, b.Borrowers, im.borrower) },
		func() error {
			// A second pass over the groups, once their members are in; not counted again.
			for _, r := range b.Groups {
				if err := im.try(r.Origin, func() error { return im.leader(r) }); err != nil {
					return err
				}
			}
			return nil
		},
		func() error {
			return each(im, b.Loans, func(r data.ImportLoan) error {
				return im.loan(r, withLedger, b.CutOff)
			})
		},
		func() error { return each(im, b.Entries, im.entry) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if opt.Progress != nil {
		opt.Progress(im.total, im.total)
	}
	if len(res.Problems) > 0 || opt.DryRun {
		return errImportNotWritten
	}
	changed := false
	for _, c := range res.Counts {
		changed = changed || c.Created+c.Updated > 0
	}
	if !changed {
		// The same file again, or one that brings nothing: the import is done and writes
		// nothing, not even its audit row.
		res.Written = true
		return errImportNotWritten
	}
	return audit(ctx, tx, st, "office", "", "import", nil, res.Counts)
}

type fileImport struct {
	ctx        context.Context
	tx         *sql.Tx
	st         stamp
	res        *data.ImportResult
	opt        data.ImportOptions
	lg         *ledger
	ex         execer
	careful    bool // each line in a savepoint (importChange)
	programs   map[string]data.Program
	total      int
	done       int
	thisYear   int
	communeID  map[string]int64 // by code
	villageID  map[string]int64 // by commune ID and upper-case code
	pointID    map[string]int64
	groupID    map[string]int64
	borrowerID map[string]int64
	loanID     map[string]int64
	entryID    map[string]int64 // imported entries by source key

	unchangedGroup map[string]bool // groups counted as unchanged, by code
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func villageKey(communeID int64, code string) string {
	return strconv.FormatInt(communeID, 10) + "/" + upper(code)
}

// step counts a record, tells progress now and then, and stops when the context is done.
func (im *fileImport) step() error {
	im.done++
	if im.done%256 == 0 {
		if im.opt.Progress != nil {
			im.opt.Progress(im.done, im.total)
		}
		return im.ctx.Err()
	}
	return nil
}

func (im *fileImport) count(entity string, created, updated bool) {
	c := im.res.Counts[entity]
	switch {
	case created:
		c.Created++
	case updated:
		c.Updated++
	default:
		c.Unchanged++
	}
	im.res.Counts[entity] = c
}

// refuse records a row's typed errors as problems. Anything else is a failure of the store,
// returned to stop the import.
func (im *fileImport) refuse(o data.Origin, err error) error {
	err = mapErr(err)
	des := data.DomainErrors(err)
	if len(des) == 0 {
		return err
	}
	for _, e := range des {
		if e != nil && e.Field == "database" {
			// A full disk, a lock or a damaged file is no fault of the row: SQLite may have
			// rolled the transaction back already, so nothing after it may run.
			return err
		}
	}
	for _, e := range des {
		if e != nil {
			im.res.Problems = append(im.res.Problems, data.ImportProblem{Origin: o, Field: e.Field, Err: e})
		}
	}
	return nil
}

// try applies one row and records its refusal (refuse). SQLite undoes only a failed statement
// and goes on to the next row. PostgreSQL aborts the transaction: a refused row that failed a
// statement there stops the import with errLineAbortedImport, unless each row runs in a
// savepoint (careful, handled).
func (im *fileImport) try(o data.Origin, apply func() error) error {
	if im.careful {
		return im.refuse(o, handled(im.ctx, im.tx, im.st.pg, apply))
	}
	err := apply()
	if rerr := im.refuse(o, err); rerr != nil || err == nil || !im.st.pg {
		return rerr
	}
	// Refused: a probe finds whether one of its statements aborted the transaction.
	var one int
	perr := im.tx.QueryRowContext(im.ctx, `SELECT 1`).Scan(&one)
	if pe, ok := isPgErr(perr); ok && pe.Code == "25P02" {
		return errLineAbortedImport
	}
	return perr
}

func (im *fileImport) codes(query string, key func(id int64, code string, extra int64) string) (map[string]int64, error) {
	rows, err := im.tx.QueryContext(im.ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id, extra int64
		var code string
		if err := rows.Scan(&id, &code, &extra); err != nil {
			return nil, err
		}
		out[key(id, code, extra)] = id
	}
	return out, rows.Err()
}

func (im *fileImport) load() error {
	byCode := func(_ int64, code string, _ int64) string { return upper(code) }
	var err error
	if im.communeID, err = im.codes(`SELECT id, code, 0 FROM communes`, byCode); err != nil {
		return err
	}
	if im.villageID, err = im.codes(`SELECT id, code, commune_id FROM villages`,
		func(_ int64, code string, commune int64) string { return villageKey(commune, code) }); err != nil {
		return err
	}
	if im.pointID, err = im.codes(`SELECT id, code, 0 FROM points`, byCode); err != nil {
		return err
	}
	if im.groupID, err = im.codes(`SELECT id, code, 0 FROM savings_groups`, byCode); err != nil {
		return err
	}
	if im.borrowerID, err = im.codes(`SELECT id, code, 0 FROM borrowers`, byCode); err != nil {
		return err
	}
	if im.loanID, err = im.codes(`SELECT id, contract, 0 FROM loans`, byCode); err != nil {
		return err
	}
	im.entryID, err = im.codes(`SELECT entry_id, source_key, 0 FROM imported_entries`,
		func(_ int64, code string, _ int64) string { return code })
	return err
}

// given reports whether the file gives any of the columns.
func given(o data.Origin, keys ...string) bool {
	for _, k := range keys {
		if o.Given[k] {
			return true
		}
	}
	return false
}

// each applies records one at a time: a record refused with a typed error becomes problems and
// the import goes on to the next; any other error stops it.
func each[T interface{ Where() data.Origin }](im *fileImport, records []T, apply func(T) error) error {
	for _, r := range records {
		if err := im.step(); err != nil {
			return err
		}
		if err := im.try(r.Where(), func() error { return apply(r) }); err != nil {
			return err
		}
	}
	return nil
}

// saved counts a record after it was saved (when changed), remembering a new one's ID.
func (im *fileImport) saved(entity string, ids map[string]int64, key string, found, changed bool, newID int64) {
	if !found {
		ids[key] = newID
	}
	im.count(entity, !found, found && changed)
}

func (im *fileImport) office(o *data.Office, origin data.Origin) error {
	if o == nil {
		return nil
	}
	return im.try(origin, func() error {
		old, found, err := loadOffice(im.ctx, im.tx)
		if err != nil {
			return err
		}
		merged := old
		merged.Name = o.Name
		if given(origin, "branch") {
			merged.Branch = o.Branch
		}
		if given(origin, "province") {
			merged.Province = o.Province
		}
		if found && merged == old {
			im.count("office", false, false)
			return nil
		}
		if err := merged.Validate(); err != nil {
			return err
		}
		if err := saveOffice(im.ctx, im.tx, im.st, merged); err != nil {
			return err
		}
		im.count("office", !found, found)
		return nil
	})
}

func (im *fileImport) commune(r data.ImportCommune) error {
	c := r.Commune
	id, found := im.communeID[upper(c.Code)]
	var old data.Commune
	if found {
		var err error
		if old, err = loadCommune(im.ctx, im.tx, id); err != nil {
			return err
		}
		merged := old
		if given(r.Origin, "name", "commune_name") {
			merged.Name = c.Name
		}
		if given(r.Origin, "former_name") {
			merged.FormerName = c.FormerName
		}
		c = merged
	}
	if err := c.Validate(); err != nil {
		return err
	}
	changed := !found || old != c
	var newID int64
	if changed {
		var err error
		if newID, err = saveCommuneTx(im.ctx, im.tx, im.st, &c); err != nil {
			return err
		}
	}
	im.saved("commune", im.communeID, upper(c.Code), found, changed, newID)
	return nil
}

// communeOf finds a commune by code; a missing one refuses the row.
func (im *fileImport) communeOf(code string) (int64, error) {
	if id, ok := im.communeID[upper(code)]; ok {
		return id, nil
	}
	return 0, data.NotFound("import.commune_code", "Code", code)
}

// villageOf finds a village by its commune's code and its own.
func (im *fileImport) villageOf(communeCode, code string) (int64, error) {
	communeID, err := im.communeOf(communeCode)
	if err != nil {
		return 0, err
	}
	if id, ok := im.villageID[villageKey(communeID, code)]; ok {
		return id, nil
	}
	return 0, data.NotFound("import.village_code", "Code", code)
}

func (im *fileImport) village(r data.ImportVillage) error {
	communeID, err := im.communeOf(r.CommuneCode)
	if err != nil {
		return err
	}
	v := r.Village
	v.CommuneID = communeID
	key := villageKey(communeID, v.Code)
	id, found := im.villageID[key]
	var old data.Village
	if found {
		if old, err = loadVillage(im.ctx, im.tx, id); err != nil {
			return err
		}
		merged := old
		if given(r.Origin, "name", "village_name") {
			merged.Name = v.Name
		}
		v = merged
	}
	if err := v.Validate(); err != nil {
		return err
	}
	changed := !found || old != v
	var newID int64
	if changed {
		if newID, err = saveVillageTx(im.ctx, im.tx, im.st, &v); err != nil {
			return err
		}
	}
	im.saved("village", im.villageID, key, found, changed, newID)
	return nil
}

func (im *fileImport) point(r data.ImportPoint) error {
	communeID, err := im.communeOf(r.CommuneCode)
	if err != nil {
		return err
	}
	p := r.Point
	p.CommuneID = communeID
	for _, code := range r.VillageCodes {
		id, ok := im.villageID[villageKey(communeID, code)]
		if !ok {
			return data.NotFound("import.point_villages", "Code", code)
		}
		p.VillageIDs = append(p.VillageIDs, id)
	}
	id, found := im.pointID[upper(p.Code)]
	var old data.Point
	if found {
		if old, err = loadPoint(im.ctx, im.tx, id); err != nil {
			return err
		}
		merged := old
		if given(r.Origin, "name") {
			merged.Name = p.Name
		}
		if given(r.Origin, "point_day") {
			merged.Day = p.Day
		}
		if len(r.VillageCodes) > 0 {
			merged.VillageIDs = p.VillageIDs
		}
		p = merged
	} else if len(r.VillageCodes) == 0 {
		// A point whose villages the file does not list serves its whole commune.
		if p.VillageIDs, err = im.villagesOf(communeID); err != nil {
			return err
		}
	}
	if err := p.Validate(); err != nil {
		return err
	}
	changed := !found || !same(old, p)
	var newID int64
	if changed {
		if newID, err = savePointTx(im.ctx, im.tx, im.st, &p); err != nil {
			return err
		}
	}
	im.saved("point", im.pointID, upper(p.Code), found, changed, newID)
	return nil
}

func (im *fileImport) villagesOf(communeID int64) ([]int64, error) {
	rows, err := im.tx.QueryContext(im.ctx, `SELECT id FROM villages WHERE commune_id = ? ORDER BY id`, communeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		ids = append(ids, v)
	}
	return ids, rows.Err()
}

// withoutFigures is a group as saved: without what the store fills on reads.
func withoutFigures(g data.Group) data.Group {
	g.Members, g.LatestRating, g.RatingYear = 0, "", 0
	return g
}

func (im *fileImport) group(r data.ImportGroup) error {
	g := r.Group
	id, found := im.groupID[upper(g.Code)]
	var old data.Group
	var err error
	if found {
		if old, err = loadGroup(im.ctx, im.tx, id); err != nil {
			return err
		}
		old = withoutFigures(old)
	}
	var villageID int64
	if !found || given(r.Origin, "village_code") {
		if villageID, err = im.villageOf(r.CommuneCode, r.VillageCode); err != nil {
			return err
		}
	}
	if found {
		merged := old
		if given(r.Origin, "group_name") {
			merged.Name = g.Name
		}
		if villageID != 0 {
			merged.VillageID = villageID
		}
		if given(r.Origin, "association") {
			merged.Association = g.Association
		}
		if given(r.Origin, "founded_on") {
			merged.FoundedOn = g.FoundedOn
		}
		if given(r.Origin, "group_status") {
			merged.Status = g.Status
		}
		if given(r.Origin, "note") {
			merged.Note = g.Note
		}
		g = merged
	} else {
		g.VillageID = villageID
		g.LeaderID = 0 // named once its members are in
	}
	if err := g.Validate(); err != nil {
		return err
	}
	changed := !found || !same(old, g)
	var newID int64
	if changed {
		if newID, err = saveGroupTx(im.ctx, im.tx, im.st, &g); err != nil {
			return err
		}
		if !found {
			id = newID
		}
	}
	if r.Rating != "" {
		rated, err := im.rate(id, r)
		if err != nil {
			return err
		}
		changed = changed || rated
	}
	im.saved("group", im.groupID, upper(g.Code), found, changed, newID)
	if found && !changed {
		im.unchangedGroup[upper(g.Code)] = true
	}
	return nil
}

// rate records the year's grade a group row gives, when it is not the one saved.
func (im *fileImport) rate(groupID int64, r data.ImportGroup) (bool, error) {
	var have string
	err := im.tx.QueryRowContext(im.ctx, `SELECT rating FROM group_ratings WHERE group_id = ? AND year = ?`, groupID, r.RatingYear).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if have == string(r.Rating) {
		return false, nil
	}
	rating := data.GroupRating{GroupID: groupID, Year: r.RatingYear, Rating: r.Rating}
	if err := rating.Validate(); err != nil {
		return false, err
	}
	return true, rateGroupTx(im.ctx, im.tx, im.st, rating)
}

// leader names a group's leader once its members are saved.
func (im *fileImport) leader(r data.ImportGroup) error {
	if !given(r.Origin, "leader_code") {
		return nil
	}
	id, ok := im.groupID[upper(r.Code)]
	if !ok {
		return nil // the group row was refused
	}
	g, err := loadGroup(im.ctx, im.tx, id)
	if err != nil {
		return err
	}
	var leader int64
	if r.LeaderCode != "" {
		if leader, ok = im.borrowerID[upper(r.LeaderCode)]; !ok {
			// Groups come before their households in one file; from separate files the
			// groups' file can name leaders only once the households are in.
			return data.Invalid("import.leader_code", "import_leader_unknown", "Code", r.LeaderCode)
		}
	}
	if g.LeaderID == leader {
		return nil
	}
	g = withoutFigures(g)
	g.LeaderID = leader
	if _, err := saveGroupTx(im.ctx, im.tx, im.st, &g); err != nil {
		return err
	}
	if im.unchangedGroup[upper(r.Code)] {
		// A new leader is a change of a group counted as unchanged.
		im.unchangedGroup[upper(r.Code)] = false
		c := im.res.Counts["group"]
		c.Unchanged--
		c.Updated++
		im.res.Counts["group"] = c
	}
	return nil
}

func (im *fileImport) borrower(r data.ImportBorrower) error {
	b := r.Borrower
	id, found := im.borrowerID[upper(b.Code)]
	var old data.Borrower
	var err error
	if found {
		if old, err = loadBorrower(im.ctx, im.tx, id); err != nil {
			return err
		}
	}
	var villageID, groupID int64
	if !found || given(r.Origin, "village_code") {
		if villageID, err = im.villageOf(r.CommuneCode, r.VillageCode); err != nil {
			return err
		}
	}
	if r.GroupCode != "" {
		var ok bool
		if groupID, ok = im.groupID[upper(r.GroupCode)]; !ok {
			return data.NotFound("import.group_code", "Code", r.GroupCode)
		}
	}
	if found {
		m := old
		for _, f := range []struct {
			key   string
			apply func()
		}{
			{"customer_name", func() { m.Name = b.Name }},
			{"gender", func() { m.Gender = b.Gender }},
			{"birth_year", func() { m.BirthYear = b.BirthYear }},
			{"id_number", func() { m.IDNumber = b.IDNumber }},
			{"phone", func() { m.Phone = b.Phone }},
			{"category", func() { m.Category = b.Category }},
			{"ethnicity", func() { m.Ethnicity = b.Ethnicity }},
			{"note", func() { m.Note = b.Note }},
			{"borrower_status", func() { m.Active = b.Active }},
			{"group_code", func() { m.GroupID = groupID }},
		} {
			if given(r.Origin, f.key) {
				f.apply()
			}
		}
		if villageID != 0 {
			m.VillageID = villageID
		}
		b = m
	} else {
		b.VillageID, b.GroupID = villageID, groupID
	}
	if err := b.Validate(im.thisYear); err != nil {
		return err
	}
	changed := !found || old != b
	// A household that changes group moves as on the group screen: by the move's rules, its
	// open loans with it.
	moveTo := int64(0)
	if found && old.Active && b.Active && old.GroupID != 0 && b.GroupID != 0 && b.GroupID != old.GroupID {
		moveTo, b.GroupID = b.GroupID, old.GroupID
	}
	var newID int64
	if changed && (!found || old != b) {
		if newID, err = saveBorrowerTx(im.ctx, im.tx, im.st, &b); err != nil {
			return err
		}
	}
	if moveTo != 0 {
		if err := moveBorrowerTx(im.ctx, im.tx, im.st, id, moveTo, ""); err != nil {
			return err
		}
	}
	im.saved("borrower", im.borrowerID, upper(b.Code), found, changed, newID)
	return nil
}

// openingRef marks the entries an import posts to give a loan its balances on the cut-off date.
const openingRef = "import"

// loan opens a new loan or finds a saved one, then gives it the balances its row states on the
// cut-off date, unless its entries come in the same import (withLedger).
func (im *fileImport) loan(r data.ImportLoan, withLedger map[string]bool, cutOff data.Date) error {
	l := r.Loan
	borrowerID, ok := im.borrowerID[upper(r.CustomerCode)]
	if !ok {
		return data.NotFound("import.customer_code", "Code", r.CustomerCode)
	}
	l.BorrowerID = borrowerID
	if r.GroupCode != "" {
		if l.GroupID, ok = im.groupID[upper(r.GroupCode)]; !ok {
			return data.NotFound("import.group_code", "Code", r.GroupCode)
		}
	}
	id, found := im.loanID[upper(l.Contract)]
	updated := false
	if found {
		var err error
		if updated, err = im.sameLoan(r, id, &l); err != nil {
			return err
		}
	} else {
		l.Status = data.LoanActive
		if err := openLoanTx(im.lg, im.ex, &l, 0, im.program); err != nil {
			return err
		}
		im.loanID[upper(l.Contract)] = l.ID
		if err := im.newBook(l); err != nil {
			return err
		}
	}
	if r.Opening != nil && !withLedger[upper(l.Contract)] {
		posted, err := im.opening(r, l.ID, cutOff)
		if err != nil {
			return err
		}
		updated = updated || (found && posted)
	}
	im.count("loan", !found, updated)
	return nil
}

// program reads a program once per import: every loan row names one of a dozen.
func (im *fileImport) program(code string) (data.Program, error) {
	if p, ok := im.programs[code]; ok {
		return p, nil
	}
	p, err := loadProgram(im.ctx, im.tx, `code = ?`, code)
	if err != nil {
		return p, err
	}
	im.programs[code] = p
	return p, nil
}

// newBook gives the ledger the book of a loan just opened, as loading it would: its schedule,
// no entries, its program's rates; reading back what was just written costs more than the
// insert did.
func (im *fileImport) newBook(l data.Loan) error {
	schedule, err := data.BuildSchedule(l)
	if err != nil {
		return err
	}
	p, err := im.program(l.ProgramCode) // opening the loan read it already
	if err != nil {
		return err
	}
	settings, err := im.lg.loadSettings()
	if err != nil {
		return err
	}
	l.Status = data.LoanActive
	im.lg.loans[l.ID] = &data.Book{Loan: l, Schedule: schedule, Rates: p.Rates, Settings: settings,
		ExtensionMaxMonths: p.ExtensionMaxMonths}
	return nil
}

// sameLoan compares a saved loan with its row: the contract's terms change only through the
// loan's own actions, so a row that states other terms is refused; a new purpose is saved.
func (im *fileImport) sameLoan(r data.ImportLoan, id int64, l *data.Loan) (bool, error) {
	old, err := loadLoan(im.ctx, im.tx, "loan", `WHERE l.id = ?`, id)
	if err != nil {
		return false, err
	}
	terms := func(x data.Loan) []any {
		t := []any{x.BorrowerID}
		for _, f := range []struct {
			key   string
			value any
		}{{"program", x.ProgramCode}, {"amount", x.Amount}, {"signed_on", x.SignedOn}, {"term", x.TermMonths},
			{"source", x.Source}, {"plan", x.Plan.Kind}, {"every_months", x.Plan.EveryMonths},
			{"grace_months", x.Plan.GraceMonths}, {"course_ends", x.Plan.CourseEnds}, {"own_rates", ownRates(x)},
			{"units", x.Units}} {
			if given(r.Origin, f.key) {
				t = append(t, f.value)
			}
		}
		return t
	}
	if !same(terms(old), terms(*l)) {
		return false, data.Conflict("import.contract", "import_loan_terms", "Contract", old.Contract)
	}
	l.ID = id
	purpose := data.NFC(l.Purpose)
	if !given(r.Origin, "purpose") || purpose == old.Purpose {
		return false, nil
	}
	if _, err := im.tx.ExecContext(im.ctx, `UPDATE loans SET purpose = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
		purpose, im.st.at, im.st.user, id); err != nil {
		return false, err
	}
	after := old
	after.Purpose = purpose
	return true, audit(im.ctx, im.tx, im.st, "loan", old.Contract, "update", old, after)
}

// ownRates is a loan's own rates as compared: dates and rates, not who set them.
func ownRates(l data.Loan) []string {
	out := make([]string, len(l.RateOverrides))
	for i, r := range l.RateOverrides {
		out[i] = r.Effective.String() + " " + r.Rate.PercentString()
	}
	return out
}

// opening posts what gives a loan the balances its row states on the cut-off date: the
// disbursement, then the principal repaid laid along the schedule — each installment paid on
// its due date, as a loan that is not overdue was paid, so that no penalty interest arises —
// with the interest due on each of those dates, then the frozen part. The interest still due on the cut-off date is recorded as
// paid unless the row states what is owed; penalty interest is never invented as paid. A loan
// already saved gets the differences, from its last entry on. The entries are the import's,
// not a clerk's, so they are not checked one by one: the position they give on the cut-off
// date is, and a row whose balances it does not reproduce (the overdue part follows from the
// schedule) is refused rather than saved with figures the office would not see again.
func (im *fileImport) opening(r data.ImportLoan, loanID int64, cutOff data.Date) (bool, error) {
	book, err := im.lg.loanBook(loanID, "import.contract")
	if err != nil {
		return false, err
	}
	p, err := data.PositionOn(*book, cutOff)
	if err != nil {
		return false, err
	}
	o := r.Opening
	owedAfter := p.Principal() + (o.Disbursed - p.Disbursed)
	if o.Disbursed < p.Disbursed || owedAfter < o.Outstanding {
		return false, data.Invalid("import.outstanding", "import_balance_up", "Contract", r.Contract)
	}
	var last data.Date // entries are dated on or after the loan's last one
	for _, e := range book.Entries {
		if e.ValueDate.After(last) {
			last = e.ValueDate
		}
	}
	pending := *book
	pending.Entries = append([]data.Entry(nil), book.Entries...)
	add := func(kind data.EntryKind, on data.Date, amount data.Dong) {
		if amount <= 0 {
			return
		}
		if on.Before(last) {
			on = last
		}
		e := data.Entry{LoanID: loanID, BorrowerID: book.Loan.BorrowerID, Kind: kind, ValueDate: on, Amount: amount,
			Ref: openingRef}
		if kind == data.EntryFreeze || kind == data.EntryUnfreeze {
			e.Decision, e.DecisionDate = openingRef, on
		}
		pending.Entries = append(pending.Entries, e)
	}
	interestOn := func(on data.Date) error {
		q, err := data.PositionOn(pending, on)
		if err == nil {
			add(data.EntryInterest, on, q.InterestDue)
		}
		return err
	}
	disburseOn := r.SignedOn
	if p.Disbursed > 0 {
		disburseOn = cutOff
	}
	add(data.EntryDisburse, disburseOn, o.Disbursed-p.Disbursed)
	repay := owedAfter - o.Outstanding
	payInterest := o.HasInterest || len(book.Entries) == 0
	for _, in := range p.Installments {
		if repay <= 0 || in.Due.After(cutOff) {
			break
		}
		if pay := min(repay, in.Principal-in.Paid); pay > 0 {
			add(data.EntryPrincipal, in.Due, pay)
			repay -= pay
			if payInterest {
				// The interest due, paid with each installment, as borrowers pay it.
				if err := interestOn(in.Due); err != nil {
					return false, err
				}
			}
		}
	}
	add(data.EntryPrincipal, cutOff, repay) // paid ahead of the schedule
	add(data.EntryUnfreeze, cutOff, p.Frozen-o.Frozen)
	add(data.EntryFreeze, cutOff, o.Frozen-p.Frozen)
	if q, err := data.PositionOn(pending, cutOff); err != nil {
		return false, err
	} else if o.HasInterest || len(book.Entries) == 0 {
		if q.InterestDue < o.InterestDue {
			return false, data.Invalid("import.interest_due", "import_interest_more", "Schedule", q.InterestDue,
				"File", o.InterestDue)
		}
		add(data.EntryInterest, cutOff, q.InterestDue-o.InterestDue)
	}
	q, err := data.PositionOn(pending, cutOff)
	if err != nil {
		return false, err
	}
	if q.Principal() != o.Outstanding || q.Frozen != o.Frozen {
		return false, data.Invalid("import.outstanding", "import_balance_up", "Contract", r.Contract)
	}
	if o.HasOverdue && q.Overdue != o.Overdue {
		return false, data.Invalid("import.overdue", "import_overdue_differs", "Schedule", q.Overdue, "File", o.Overdue)
	}
	posts := pending.Entries[len(book.Entries):]
	if len(posts) == 0 {
		return false, nil
	}
	return true, im.lg.appendOpening(book, posts)
}

func (im *fileImport) entry(r data.ImportEntry) error {
	e := r.Entry
	borrowerID, ok := im.borrowerID[upper(r.CustomerCode)]
	if !ok {
		return data.NotFound("import.customer_code", "Code", r.CustomerCode)
	}
	e.BorrowerID = borrowerID
	if r.Contract != "" {
		if e.LoanID, ok = im.loanID[upper(r.Contract)]; !ok {
			return data.NotFound("import.contract", "Code", r.Contract)
		}
	}
	if r.ReversesKey != "" {
		if e.Reverses, ok = im.entryID[r.ReversesKey]; !ok {
			return data.NotFound("import.reverses", "Code", r.ReversesKey)
		}
	}
	if id, ok := im.entryID[r.Key]; ok && r.Key != "" {
		// Imported before: the same entry again, or another one under a number already taken
		// (a voucher series that restarted, another office's export), which is refused.
		if same, err := im.sameEntry(id, e); err != nil || same {
			if same {
				im.count("entry", false, false)
			}
			return err
		}
		return data.Conflict("import.entry_no", "import_entry_taken", "Key", r.Key)
	}
	if own, err := im.ownEntry(r.Key, e); err != nil || own {
		if own {
			im.count("entry", false, false)
		}
		return err
	}
	if err := im.lg.post(&e); err != nil {
		return err
	}
	if r.Key != "" {
		if _, err := im.ex.ExecContext(im.ctx, `INSERT INTO imported_entries (source_key, entry_id) VALUES (?, ?)`, r.Key, e.ID); err != nil {
			return err
		}
		im.entryID[r.Key] = e.ID
	}
	im.count("entry", true, false)
	return nil
}

// ownEntry reports whether key is the number of an entry of this office's own ledger that says
// what e says: an entries list exported from this database and imported back into it names its
// entries by their numbers, and finds them there. The same number on another entry is a
// number of another ledger, and e is new.
func (im *fileImport) ownEntry(key string, e data.Entry) (bool, error) {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id <= 0 {
		return false, nil
	}
	same, err := im.sameEntry(id, e)
	if same {
		im.entryID[key] = id
	}
	return same, err
}

// sameEntry reports whether the saved entry id records what e records.
func (im *fileImport) sameEntry(id int64, e data.Entry) (bool, error) {
	var loanID, borrowerID, amount, reverses int64
	var kind, value string
	err := im.tx.QueryRowContext(im.ctx, `SELECT coalesce(loan_id, 0), borrower_id, kind, value_date, amount, coalesce(reverses, 0)
		FROM entries WHERE id = ?`, id).Scan(&loanID, &borrowerID, &kind, &value, &amount, &reverses)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return loanID == e.LoanID && borrowerID == e.BorrowerID && kind == string(e.Kind) &&
		value == e.ValueDate.String() && amount == int64(e.Amount) && reverses == e.Reverses, nil
}

// ImportMapping returns the columns remembered for a header signature, or nil.
func (s *Store) ImportMapping(ctx context.Context, signature string) ([]string, error) {
	var cols []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var raw string
		err := tx.QueryRowContext(ctx, `SELECT columns FROM import_mappings WHERE signature = ?`, signature).Scan(&raw)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		return json.Unmarshal([]byte(raw), &cols)
	})
	return cols, err
}

// SaveImportMapping remembers the columns a clerk confirmed for a header signature.
func (s *Store) SaveImportMapping(ctx context.Context, signature string, columns []string) error {
	raw, err := json.Marshal(columns)
	if err != nil {
		return err
	}
	return s.write(ctx, data.ActCache, func(tx *sql.Tx, st stamp) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO import_mappings (signature, columns, saved_at, saved_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (signature) DO UPDATE SET columns = excluded.columns, saved_at = excluded.saved_at,
			saved_by = excluded.saved_by`, signature, string(raw), st.at, st.user)
		return err
	})
}
