package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

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
	st := stamp{at: s.now().UTC().Format(time.RFC3339), user: data.UserFrom(ctx)}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, mapErr(err)
	}
	defer tx.Rollback()
	// Each statement of a transaction keeps a journal of what it changed, so that a refused
	// row undoes only itself; kept in temporary files, those journals took half of a large
	// import's time. In memory for this connection while the import runs, with a page cache
	// that holds what a large file dirties, both back to what they were afterwards.
	var pages, temp int64
	if err := tx.QueryRow(`PRAGMA cache_size`).Scan(&pages); err != nil {
		return res, mapErr(err)
	}
	if err := tx.QueryRow(`PRAGMA temp_store`).Scan(&temp); err != nil {
		return res, mapErr(err)
	}
	if _, err := tx.Exec(`PRAGMA cache_size = -65536`); err != nil {
		return res, mapErr(err)
	}
	if _, err := tx.Exec(`PRAGMA temp_store = MEMORY`); err != nil {
		return res, mapErr(err)
	}
	restored := false
	restore := func() {
		if !restored {
			restored = true
			tx.Exec(`PRAGMA cache_size = ` + strconv.FormatInt(pages, 10))
			tx.Exec(`PRAGMA temp_store = ` + strconv.FormatInt(temp, 10))
		}
	}
	defer restore() // before the deferred rollback, while the transaction has its connection
	cache := newStmtCache(tx)
	defer cache.close()
	lg := newLedger(tx, st)
	lg.ex = cache
	im := &fileImport{ctx: ctx, tx: tx, st: st, res: &res, opt: opt, total: b.Rows(), thisYear: s.now().Year(),
		lg: lg, ex: cache, unchangedGroup: map[string]bool{}, rates: map[string][]data.RatePeriod{},
		programs: map[string]data.Program{}}
	steps := []func() error{im.load, func() error { return im.office(b.Office, b.OfficeOrigin) },
		func() error { return im.communes(b.Communes) },
		func() error { return im.villages(b.Villages) }, func() error { return im.points(b.Points) },
		func() error { return im.groups(b.Groups) }, func() error { return im.borrowers(b.Borrowers) },
		func() error { return im.leaders(b.Groups) },
		func() error { return im.loans(b.Loans, b.Entries, b.CutOff) }, func() error { return im.entries(b.Entries) }}
	for _, step := range steps {
		if err := step(); err != nil {
			return res, mapErr(err)
		}
	}
	if opt.Progress != nil {
		opt.Progress(im.total, im.total)
	}
	if len(res.Problems) > 0 || opt.DryRun {
		return res, nil
	}
	changed := false
	for _, c := range res.Counts {
		changed = changed || c.Created+c.Updated > 0
	}
	if !changed {
		// The same file again, or one that brings nothing: the import is done and writes
		// nothing, not even its audit row.
		res.Written = true
		return res, nil
	}
	if err := audit(tx, st, "office", "", "import", nil, res.Counts); err != nil {
		return res, mapErr(err)
	}
	restore()
	if err := tx.Commit(); err != nil {
		return res, mapErr(err)
	}
	res.Written = true
	return res, nil
}

type fileImport struct {
	ctx        context.Context
	tx         *sql.Tx
	st         stamp
	res        *data.ImportResult
	opt        data.ImportOptions
	lg         *ledger
	ex         execer
	rates      map[string][]data.RatePeriod // program rates by code, for the books of new loans
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
		if e != nil {
			im.res.Problems = append(im.res.Problems, data.ImportProblem{Origin: o, Field: e.Field, Err: e})
		}
	}
	return nil
}

func (im *fileImport) codes(query string, key func(id int64, code string, extra int64) string) (map[string]int64, error) {
	rows, err := im.tx.Query(query)
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

func (im *fileImport) office(o *data.Office, origin data.Origin) error {
	if o == nil {
		return nil
	}
	old, found, err := loadOffice(im.tx)
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
		return im.refuse(origin, err)
	}
	if err := saveOffice(im.tx, im.st, merged); err != nil {
		return im.refuse(origin, err)
	}
	im.count("office", !found, found)
	return nil
}

func (im *fileImport) communes(cs []data.ImportCommune) error {
	for _, r := range cs {
		if err := im.step(); err != nil {
			return err
		}
		c := r.Commune
		id, found := im.communeID[upper(c.Code)]
		if found {
			old, err := loadCommune(im.tx, id)
			if err != nil {
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
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if found {
			if old, _ := loadCommune(im.tx, id); old == c {
				im.count("commune", false, false)
				continue
			}
		}
		newID, err := saveCommuneTx(im.tx, im.st, &c)
		if err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if !found {
			im.communeID[upper(c.Code)] = newID
		}
		im.count("commune", !found, found)
	}
	return nil
}

// commune finds a record's commune by code, refusing the row when there is none.
func (im *fileImport) commune(o data.Origin, code string) (int64, bool, error) {
	id, ok := im.communeID[upper(code)]
	if !ok {
		return 0, false, im.refuse(o, data.NotFound("import.commune_code", "Code", code))
	}
	return id, true, nil
}

func (im *fileImport) village(o data.Origin, communeCode, code string) (int64, bool, error) {
	communeID, ok, err := im.commune(o, communeCode)
	if !ok {
		return 0, false, err
	}
	id, ok := im.villageID[villageKey(communeID, code)]
	if !ok {
		return 0, false, im.refuse(o, data.NotFound("import.village_code", "Code", code))
	}
	return id, true, nil
}

func (im *fileImport) villages(vs []data.ImportVillage) error {
	for _, r := range vs {
		if err := im.step(); err != nil {
			return err
		}
		communeID, ok, err := im.commune(r.Origin, r.CommuneCode)
		if err != nil {
			return err
		} else if !ok {
			continue
		}
		v := r.Village
		v.CommuneID = communeID
		id, found := im.villageID[villageKey(communeID, v.Code)]
		var old data.Village
		if found {
			if old, err = loadVillage(im.tx, id); err != nil {
				return err
			}
			merged := old
			if given(r.Origin, "name", "village_name") {
				merged.Name = v.Name
			}
			v = merged
		}
		if err := v.Validate(); err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if found && old == v {
			im.count("village", false, false)
			continue
		}
		newID, err := saveVillageTx(im.tx, im.st, &v)
		if err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if !found {
			im.villageID[villageKey(communeID, v.Code)] = newID
		}
		im.count("village", !found, found)
	}
	return nil
}

func (im *fileImport) points(ps []data.ImportPoint) error {
	for _, r := range ps {
		if err := im.step(); err != nil {
			return err
		}
		communeID, ok, err := im.commune(r.Origin, r.CommuneCode)
		if err != nil {
			return err
		} else if !ok {
			continue
		}
		p := r.Point
		p.CommuneID = communeID
		for _, code := range r.VillageCodes {
			id, ok := im.villageID[villageKey(communeID, code)]
			if !ok {
				if err := im.refuse(r.Origin, data.NotFound("import.point_villages", "Code", code)); err != nil {
					return err
				}
				continue
			}
			p.VillageIDs = append(p.VillageIDs, id)
		}
		id, found := im.pointID[upper(p.Code)]
		var old data.Point
		if found {
			if old, err = loadPoint(im.tx, id); err != nil {
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
			rows, err := im.tx.Query(`SELECT id FROM villages WHERE commune_id = ? ORDER BY id`, communeID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var v int64
				if err := rows.Scan(&v); err != nil {
					rows.Close()
					return err
				}
				p.VillageIDs = append(p.VillageIDs, v)
			}
			rows.Close()
		}
		if err := p.Validate(); err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if found && same(old, p) {
			im.count("point", false, false)
			continue
		}
		newID, err := savePointTx(im.tx, im.st, &p)
		if err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if !found {
			im.pointID[upper(p.Code)] = newID
		}
		im.count("point", !found, found)
	}
	return nil
}

func (im *fileImport) groups(gs []data.ImportGroup) error {
	for _, r := range gs {
		if err := im.step(); err != nil {
			return err
		}
		g := r.Group
		id, found := im.groupID[upper(g.Code)]
		var old data.Group
		var err error
		if found {
			if old, err = loadGroup(im.tx, id); err != nil {
				return err
			}
		}
		var villageID int64
		if !found || given(r.Origin, "village_code") {
			var ok bool
			if villageID, ok, err = im.village(r.Origin, r.CommuneCode, r.VillageCode); err != nil {
				return err
			} else if !ok {
				continue
			}
		}
		if found {
			merged := old
			merged.Members, merged.LatestRating, merged.RatingYear = 0, "", 0
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
			old.Members, old.LatestRating, old.RatingYear = 0, "", 0
		} else {
			g.VillageID = villageID
			g.LeaderID = 0 // set once its members are in
		}
		if err := g.Validate(); err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if !found || !same(old, g) {
			newID, err := saveGroupTx(im.tx, im.st, &g)
			if err != nil {
				if err := im.refuse(r.Origin, err); err != nil {
					return err
				}
				continue
			}
			if !found {
				id = newID
				im.groupID[upper(g.Code)] = newID
			}
		}
		changed := !found || !same(old, g)
		if r.Rating != "" {
			var have string
			err := im.tx.QueryRow(`SELECT rating FROM group_ratings WHERE group_id = ? AND year = ?`, id, r.RatingYear).Scan(&have)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if have != string(r.Rating) {
				rating := data.GroupRating{GroupID: id, Year: r.RatingYear, Rating: r.Rating}
				if err := rating.Validate(); err != nil {
					if err := im.refuse(r.Origin, err); err != nil {
						return err
					}
					continue
				}
				if err := rateGroupTx(im.tx, im.st, rating); err != nil {
					if err := im.refuse(r.Origin, err); err != nil {
						return err
					}
					continue
				}
				changed = true
			}
		}
		im.count("group", !found, found && changed)
		if found && !changed {
			im.unchangedGroup[upper(g.Code)] = true
		}
	}
	return nil
}

// leaders names each group's leader once its members are saved.
func (im *fileImport) leaders(gs []data.ImportGroup) error {
	for _, r := range gs {
		if !given(r.Origin, "leader_code") {
			continue
		}
		id, ok := im.groupID[upper(r.Code)]
		if !ok {
			continue // refused above
		}
		g, err := loadGroup(im.tx, id)
		if err != nil {
			return err
		}
		var leader int64
		if r.LeaderCode != "" {
			if leader, ok = im.borrowerID[upper(r.LeaderCode)]; !ok {
				if err := im.refuse(r.Origin, data.NotFound("import.leader_code", "Code", r.LeaderCode)); err != nil {
					return err
				}
				continue
			}
		}
		if g.LeaderID == leader {
			continue
		}
		g.LeaderID, g.Members, g.LatestRating, g.RatingYear = leader, 0, "", 0
		if _, err := saveGroupTx(im.tx, im.st, &g); err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if im.unchangedGroup[upper(r.Code)] {
			// A new leader is a change of a group counted as unchanged.
			im.unchangedGroup[upper(r.Code)] = false
			c := im.res.Counts["group"]
			c.Unchanged--
			c.Updated++
			im.res.Counts["group"] = c
		}
	}
	return nil
}

func (im *fileImport) borrowers(bs []data.ImportBorrower) error {
	for _, r := range bs {
		if err := im.step(); err != nil {
			return err
		}
		b := r.Borrower
		id, found := im.borrowerID[upper(b.Code)]
		var old data.Borrower
		var err error
		if found {
			if old, err = loadBorrower(im.tx, id); err != nil {
				return err
			}
		}
		var villageID, groupID int64
		if !found || given(r.Origin, "village_code") {
			var ok bool
			if villageID, ok, err = im.village(r.Origin, r.CommuneCode, r.VillageCode); err != nil {
				return err
			} else if !ok {
				continue
			}
		}
		if r.GroupCode != "" {
			var ok bool
			if groupID, ok = im.groupID[upper(r.GroupCode)]; !ok {
				if err := im.refuse(r.Origin, data.NotFound("import.group_code", "Code", r.GroupCode)); err != nil {
					return err
				}
				continue
			}
		}
		if found {
			m := old
			set := func(keys []string, apply func()) {
				if given(r.Origin, keys...) {
					apply()
				}
			}
			set([]string{"customer_name"}, func() { m.Name = b.Name })
			set([]string{"gender"}, func() { m.Gender = b.Gender })
			set([]string{"birth_year"}, func() { m.BirthYear = b.BirthYear })
			set([]string{"id_number"}, func() { m.IDNumber = b.IDNumber })
			set([]string{"phone"}, func() { m.Phone = b.Phone })
			set([]string{"category"}, func() { m.Category = b.Category })
			set([]string{"ethnicity"}, func() { m.Ethnicity = b.Ethnicity })
			set([]string{"note"}, func() { m.Note = b.Note })
			set([]string{"borrower_status"}, func() { m.Active = b.Active })
			set([]string{"group_code"}, func() { m.GroupID = groupID })
			if villageID != 0 {
				m.VillageID = villageID
			}
			b = m
		} else {
			b.VillageID, b.GroupID = villageID, groupID
		}
		if err := b.Validate(im.thisYear); err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if found && old == b {
			im.count("borrower", false, false)
			continue
		}
		newID, err := saveBorrowerTx(im.tx, im.st, &b)
		if err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if !found {
			im.borrowerID[upper(b.Code)] = newID
		}
		im.count("borrower", !found, found)
	}
	return nil
}

// openingRef marks the entries an import posts to give a loan its balances on the cut-off date.
const openingRef = "import"

func (im *fileImport) loans(ls []data.ImportLoan, entries []data.ImportEntry, cutOff data.Date) error {
	withLedger := map[string]bool{}
	for _, e := range entries {
		withLedger[upper(e.Contract)] = true
	}
	for _, r := range ls {
		if err := im.step(); err != nil {
			return err
		}
		l := r.Loan
		borrowerID, ok := im.borrowerID[upper(r.CustomerCode)]
		if !ok {
			if err := im.refuse(r.Origin, data.NotFound("import.customer_code", "Code", r.CustomerCode)); err != nil {
				return err
			}
			continue
		}
		l.BorrowerID = borrowerID
		if r.GroupCode != "" {
			if l.GroupID, ok = im.groupID[upper(r.GroupCode)]; !ok {
				if err := im.refuse(r.Origin, data.NotFound("import.group_code", "Code", r.GroupCode)); err != nil {
					return err
				}
				continue
			}
		}
		id, found := im.loanID[upper(l.Contract)]
		created, updated := !found, false
		if found {
			var err error
			if updated, err = im.sameLoan(r, id, &l); err != nil {
				return err
			}
			if l.ID == 0 {
				continue // refused
			}
		} else {
			l.Status = data.LoanActive
			if err := openLoanTx(im.tx, im.ex, im.st, &l, 0, im.program); err != nil {
				if err := im.refuse(r.Origin, err); err != nil {
					return err
				}
				continue
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
		im.count("loan", created, updated)
	}
	return nil
}

// program reads a program once per import: every loan row names one of a dozen.
func (im *fileImport) program(code string) (data.Program, error) {
	if p, ok := im.programs[code]; ok {
		return p, nil
	}
	p, err := loadProgram(im.tx, `code = ?`, code)
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
	rates, ok := im.rates[l.ProgramCode]
	if !ok {
		all, err := loadRates(im.tx, `WHERE p.code = ?`, l.ProgramCode)
		if err != nil {
			return err
		}
		for _, rs := range all {
			rates = rs
		}
		im.rates[l.ProgramCode] = rates
	}
	settings, err := im.lg.loadSettings()
	if err != nil {
		return err
	}
	l.Status = data.LoanActive
	im.lg.loans[l.ID] = &data.Book{Loan: l, Schedule: schedule, Rates: rates, Settings: settings}
	return nil
}

// sameLoan compares a saved loan with its row: the contract's terms change only through the
// loan's own actions, so a row that states other terms is refused; a new purpose is saved.
// l.ID is left 0 when the row is refused.
func (im *fileImport) sameLoan(r data.ImportLoan, id int64, l *data.Loan) (bool, error) {
	old, err := loadLoan(im.tx, "loan", `WHERE l.id = ?`, id)
	if err != nil {
		return false, err
	}
	terms := func(x data.Loan, o data.Origin) []any {
		t := []any{x.BorrowerID}
		if given(o, "program") {
			t = append(t, x.ProgramCode)
		}
		if given(o, "amount") {
			t = append(t, x.Amount)
		}
		if given(o, "signed_on") {
			t = append(t, x.SignedOn)
		}
		if given(o, "term") {
			t = append(t, x.TermMonths)
		}
		if given(o, "source") {
			t = append(t, x.Source)
		}
		return t
	}
	if !same(terms(old, r.Origin), terms(*l, r.Origin)) {
		l.ID = 0
		return false, im.refuse(r.Origin, data.Conflict("import.contract", "import_loan_terms", "Contract", old.Contract))
	}
	l.ID = id
	if !given(r.Origin, "purpose") || data.NFC(l.Purpose) == old.Purpose {
		return false, nil
	}
	purpose := data.NFC(l.Purpose)
	if _, err := im.tx.Exec(`UPDATE loans SET purpose = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
		purpose, im.st.at, im.st.user, id); err != nil {
		return false, err
	}
	after := old
	after.Purpose = purpose
	return true, audit(im.tx, im.st, "loan", old.Contract, "update", old, after)
}

// opening posts what gives a loan the balances its row states on the cut-off date: a new loan
// its disbursement, the principal repaid and the frozen part; a loan already saved the
// differences. The overdue part follows from the schedule; a row whose overdue balance is not
// what the schedule gives is refused rather than saved with figures the office would not see
// again in its reports.
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
	newLoan := len(book.Entries) == 0
	var posts []data.Entry
	entry := func(kind data.EntryKind, on data.Date, amount data.Dong) {
		if amount > 0 {
			posts = append(posts, data.Entry{LoanID: loanID, Kind: kind, ValueDate: on, Amount: amount, Ref: openingRef,
				Decision: openingRef, DecisionDate: on})
		}
	}
	disburseOn := r.SignedOn
	if p.Disbursed > 0 {
		disburseOn = cutOff
	}
	entry(data.EntryDisburse, disburseOn, o.Disbursed-p.Disbursed)
	owedAfter := p.Principal() + (o.Disbursed - p.Disbursed)
	entry(data.EntryPrincipal, cutOff, owedAfter-o.Outstanding)
	if o.Disbursed < p.Disbursed || owedAfter < o.Outstanding {
		return false, im.refuse(r.Origin, data.Invalid("import.outstanding", "import_balance_up", "Contract", r.Contract))
	}
	if o.Frozen < p.Frozen {
		entry(data.EntryUnfreeze, cutOff, p.Frozen-o.Frozen)
	} else {
		entry(data.EntryFreeze, cutOff, o.Frozen-p.Frozen)
	}
	for i := range posts {
		if err := im.lg.post(&posts[i]); err != nil {
			return false, im.refuse(r.Origin, err)
		}
	}
	if p, err = data.PositionOn(*book, cutOff); err != nil {
		return false, err
	}
	if o.HasInterest || newLoan {
		var interest []data.Entry
		if due := p.InterestDue + p.PenaltyDue - o.InterestDue; due > 0 {
			// Penalty first, then interest: what the file says is owed is left owing.
			penalty := min(p.PenaltyDue, due)
			for _, x := range []struct {
				kind   data.EntryKind
				amount data.Dong
			}{{data.EntryPenalty, penalty}, {data.EntryInterest, due - penalty}} {
				if x.amount > 0 {
					interest = append(interest, data.Entry{LoanID: loanID, Kind: x.kind, ValueDate: cutOff,
						Amount: x.amount, Ref: openingRef})
				}
			}
		}
		for i := range interest {
			if err := im.lg.post(&interest[i]); err != nil {
				return false, im.refuse(r.Origin, err)
			}
		}
		posts = append(posts, interest...)
	}
	if o.HasOverdue {
		if p.Overdue != o.Overdue {
			return false, im.refuse(r.Origin, data.Invalid("import.overdue", "import_overdue_differs",
				"Schedule", p.Overdue, "File", o.Overdue))
		}
	}
	return len(posts) > 0, nil
}

func (im *fileImport) entries(es []data.ImportEntry) error {
	for _, r := range es {
		if err := im.step(); err != nil {
			return err
		}
		if r.Key != "" {
			if _, ok := im.entryID[r.Key]; ok {
				im.count("entry", false, false)
				continue
			}
		}
		e := r.Entry
		borrowerID, ok := im.borrowerID[upper(r.CustomerCode)]
		if !ok {
			if err := im.refuse(r.Origin, data.NotFound("import.customer_code", "Code", r.CustomerCode)); err != nil {
				return err
			}
			continue
		}
		e.BorrowerID = borrowerID
		if r.Contract != "" {
			if e.LoanID, ok = im.loanID[upper(r.Contract)]; !ok {
				if err := im.refuse(r.Origin, data.NotFound("import.contract", "Code", r.Contract)); err != nil {
					return err
				}
				continue
			}
		}
		if r.ReversesKey != "" {
			if e.Reverses, ok = im.entryID[r.ReversesKey]; !ok {
				if err := im.refuse(r.Origin, data.NotFound("import.reverses", "Code", r.ReversesKey)); err != nil {
					return err
				}
				continue
			}
		}
		if own, err := im.ownEntry(r.Key, e); err != nil {
			return err
		} else if own {
			im.count("entry", false, false)
			continue
		}
		if err := im.lg.post(&e); err != nil {
			if err := im.refuse(r.Origin, err); err != nil {
				return err
			}
			continue
		}
		if r.Key != "" {
			if _, err := im.tx.Exec(`INSERT INTO imported_entries (source_key, entry_id) VALUES (?, ?)`, r.Key, e.ID); err != nil {
				return err
			}
			im.entryID[r.Key] = e.ID
		}
		im.count("entry", true, false)
	}
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
	var loanID, borrowerID, amount, reverses int64
	var kind, value string
	err = im.tx.QueryRow(`SELECT coalesce(loan_id, 0), borrower_id, kind, value_date, amount, coalesce(reverses, 0)
		FROM entries WHERE id = ?`, id).Scan(&loanID, &borrowerID, &kind, &value, &amount, &reverses)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	same := loanID == e.LoanID && borrowerID == e.BorrowerID && kind == string(e.Kind) &&
		value == e.ValueDate.String() && amount == int64(e.Amount) && reverses == e.Reverses
	if same {
		im.entryID[key] = id
	}
	return same, nil
}

// ImportMapping returns the columns remembered for a header signature, or nil.
func (s *Store) ImportMapping(ctx context.Context, signature string) ([]string, error) {
	var cols []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var raw string
		err := tx.QueryRow(`SELECT columns FROM import_mappings WHERE signature = ?`, signature).Scan(&raw)
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
	return s.write(ctx, func(tx *sql.Tx, st stamp) error {
		_, err := tx.Exec(`INSERT INTO import_mappings (signature, columns, saved_at, saved_by) VALUES (?, ?, ?, ?)
			ON CONFLICT (signature) DO UPDATE SET columns = excluded.columns, saved_at = excluded.saved_at,
			saved_by = excluded.saved_by`, signature, string(raw), st.at, st.user)
		return err
	})
}
