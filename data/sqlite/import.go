package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"policycredit/data"
)

// ImportDataset loads a whole office, IDs already assigned, into a database that has no
// communes yet. It runs in one transaction with prepared statements: every record is
// validated and checked against the rest of the dataset, and the first error rejects the whole
// import, wrapped with the record it concerns (the typed error stays reachable through
// data.DomainErrors). One audit row summarises the import.
//
// Loans, their schedules and ledger entries are the bank's record: their fields are checked
// (references, kinds, amounts, dates, reversals) but entries are not replayed through
// data.CheckEntry. A loan without a schedule in ds.Schedules gets the one data.BuildSchedule
// makes. loan_balances and savings_balances are computed from the ledger at the end.
//
// Group sizes are not checked against Settings.GroupMaxMembers: imported data records groups
// as they are at the bank.
func (s *Store) ImportDataset(ctx context.Context, ds *data.Dataset) error {
	thisYear := s.now().Year()
	err := s.write(ctx, data.ActLoadOffice, func(tx *sql.Tx, st stamp) error {
		if n, err := count(ctx, tx, `SELECT count(*) FROM communes`); err != nil {
			return err
		} else if n > 0 {
			return data.Forbidden("office", "not_empty")
		}
		// A ledger of millions of entries: a larger page cache for this connection while the
		// import builds its indexes and balances, back to what it was afterwards. (PostgreSQL's
		// shared buffers are the server's to size.)
		if !st.pg {
			var cache int64
			if err := tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
				return err
			}
			// Without a context: the page cache goes back to its size even after a cancel.
			defer tx.Exec(`PRAGMA cache_size = ` + strconv.FormatInt(cache, 10))
		}
		im := importer{ctx: ctx, tx: tx, st: st}
		defer im.close()
		steps := []func() error{
			func() error { return im.office(ds.Office) },
			func() error { return im.communes(ds.Communes) },
			func() error { return im.villages(ds.Villages) },
			func() error { return im.points(ds.Points) },
			func() error { return im.groups(ds.Groups, ds.Borrowers) },
			func() error { return im.borrowers(ds.Borrowers, thisYear) },
			func() error { return im.ratings(ds.Ratings) },
			func() error { return im.loans(ds.Loans, ds.Schedules) },
			func() error { return im.outcomes(ds.Loans) },
			func() error { return im.categoryChanges(ds.CategoryChanges) },
			func() error { return im.entries(ds.Entries) },
			func() error { return im.dateMoves(ds) },
			func() error { return im.balances() },
			func() error { return im.capital(ds.Capital) },
			func() error { return addUsers(ctx, tx, st, ds.Users) },
		}
		if st.pg {
			steps = append(steps, func() error { return followIdentities(ctx, tx) })
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		summary := map[string]int{
			"communes": len(ds.Communes), "villages": len(ds.Villages), "points": len(ds.Points),
			"groups": len(ds.Groups), "ratings": len(ds.Ratings), "borrowers": len(ds.Borrowers),
			"loans": len(ds.Loans), "entries": len(ds.Entries),
		}
		return audit(ctx, tx, st, "office", "", "import", nil, summary)
	})
	if err == nil {
		s.analyzeAfterLoad(ctx)
	}
	return err
}

type importer struct {
	ctx   context.Context
	tx    *sql.Tx
	st    stamp
	stmts []*sql.Stmt

	villageCommune map[int64]int64
	villageName    map[int64]string
	groupCommune   map[int64]int64
	borrowerIDs    map[int64]bool
	loanBorrower   map[int64]int64 // loan ID → its household
}

func (im *importer) close() {
	for _, s := range im.stmts {
		s.Close()
	}
}

func (im *importer) prepare(query string) (*sql.Stmt, error) {
	stmt, err := im.tx.PrepareContext(im.ctx, query)
	if err == nil {
		im.stmts = append(im.stmts, stmt)
	}
	return stmt, err
}

// keySet reads the keys a query lists, so that each record's reference is checked without a query.
func keySet[K comparable](ctx context.Context, tx *sql.Tx, query string) (map[K]bool, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[K]bool{}
	for rows.Next() {
		var k K
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		set[k] = true
	}
	return set, rows.Err()
}

// recordErr says which record of the dataset failed.
func recordErr(kind string, i int, key string, err error) error {
	return fmt.Errorf("%s %d (%s): %w", kind, i+1, key, mapErr(err))
}

// seen detects a duplicate office key; codes compare case-insensitively as in the schema.
type seen map[string]bool

func (s seen) add(key string) bool {
	k := strings.ToLower(key)
	if s[k] {
		return false
	}
	s[k] = true
	return true
}

func requireID(field string, id int64) error {
	if id <= 0 {
		return data.Invalid(field, "required")
	}
	return nil
}

func (im *importer) office(o data.Office) error {
	if o == (data.Office{}) {
		return nil
	}
	if err := o.Validate(); err != nil {
		return fmt.Errorf("office: %w", err)
	}
	for _, kv := range [][2]string{{officeName, o.Name}, {officeBranch, o.Branch}, {officeProvince, o.Province}} {
		if err := upsertKey(im.ctx, im.tx, im.st, "office", kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) communes(cs []data.Commune) error {
	stmt, err := im.prepare(`INSERT INTO communes (id, code, name, former_name, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?5, ?6, ?5, ?6)`)
	if err != nil {
		return err
	}
	codes := seen{}
	for i := range cs {
		c := &cs[i]
		err := requireID("commune.id", c.ID)
		if err == nil {
			err = c.Validate()
		}
		if err == nil && !codes.add(c.Code) {
			err = data.Conflict("commune.code", "duplicate", "Value", c.Code)
		}
		if err == nil {
			_, err = stmt.ExecContext(im.ctx, c.ID, c.Code, c.Name, c.FormerName, im.st.at, im.st.user)
		}
		if err != nil {
			return recordErr("commune", i, c.Code, err)
		}
	}
	return nil
}

func (im *importer) villages(vs []data.Village) error {
	stmt, err := im.prepare(`INSERT INTO villages (id, commune_id, code, name, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?5, ?6, ?5, ?6)`)
	if err != nil {
		return err
	}
	communes, err := keySet[int64](im.ctx, im.tx, `SELECT id FROM communes`)
	if err != nil {
		return err
	}
	im.villageCommune = make(map[int64]int64, len(vs))
	im.villageName = make(map[int64]string, len(vs))
	codes := seen{}
	for i := range vs {
		v := &vs[i]
		err := requireID("village.id", v.ID)
		if err == nil {
			err = v.Validate()
		}
		if err == nil && !communes[v.CommuneID] {
			err = data.NotFound("village.commune", "ID", v.CommuneID)
		}
		if err == nil && !codes.add(fmt.Sprint(v.CommuneID, "/", v.Code)) {
			err = data.Conflict("village.code", "duplicate", "Value", v.Code)
		}
		if err == nil {
			_, err = stmt.ExecContext(im.ctx, v.ID, v.CommuneID, v.Code, v.Name, im.st.at, im.st.user)
		}
		if err != nil {
			return recordErr("village", i, v.Code, err)
		}
		im.villageCommune[v.ID], im.villageName[v.ID] = v.CommuneID, v.Name
	}
	return nil
}

func (im *importer) points(ps []data.Point) error {
	stmt, err := im.prepare(`INSERT INTO points (id, commune_id, code, name, day, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?6, ?7, ?6, ?7)`)
	if err != nil {
		return err
	}
	link, err := im.prepare(`INSERT INTO point_villages (point_id, village_id) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	codes := seen{}
	for i := range ps {
		p := &ps[i]
		err := requireID("point.id", p.ID)
		if err == nil {
			err = p.Validate()
		}
		p.VillageIDs = normaliseIDs(p.VillageIDs)
		for _, vid := range p.VillageIDs {
			if err != nil {
				break
			}
			if c, ok := im.villageCommune[vid]; !ok {
				err = data.NotFound("point.villages", "ID", vid)
			} else if c != p.CommuneID {
				err = data.Invalid("point.villages", "village_other_commune", "Village", im.villageName[vid])
			}
		}
		if err == nil && !codes.add(p.Code) {
			err = data.Conflict("point.code", "duplicate", "Value", p.Code)
		}
		if err == nil {
			_, err = stmt.ExecContext(im.ctx, p.ID, p.CommuneID, p.Code, p.Name, p.Day, im.st.at, im.st.user)
		}
		for _, vid := range p.VillageIDs {
			if err == nil {
				_, err = link.ExecContext(im.ctx, p.ID, vid)
			}
		}
		if err != nil {
			return recordErr("point", i, p.Code, err)
		}
	}
	return nil
}

func (im *importer) groups(gs []data.Group, bs []data.Borrower) error {
	stmt, err := im.prepare(`INSERT INTO savings_groups (id, code, name, village_id, association, leader_id,
		founded_on, status, note, search_key, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?11, ?12, ?11, ?12)`)
	if err != nil {
		return err
	}
	// The leader must be an active member; members are inserted after their groups.
	memberOf := make(map[int64]int64, len(bs))
	for _, b := range bs {
		if b.Active {
			memberOf[b.ID] = b.GroupID
		}
	}
	im.groupCommune = make(map[int64]int64, len(gs))
	codes := seen{}
	for i := range gs {
		g := &gs[i]
		err := requireID("group.id", g.ID)
		if err == nil {
			err = g.Validate()
		}
		commune, ok := im.villageCommune[g.VillageID]
		if err == nil && !ok {
			err = data.NotFound("group.village", "ID", g.VillageID)
		}
		if err == nil && g.LeaderID != 0 && memberOf[g.LeaderID] != g.ID {
			err = data.Invalid("group.leader", "leader_not_member")
		}
		if err == nil && !codes.add(g.Code) {
			err = data.Conflict("group.code", "duplicate", "Value", g.Code)
		}
		if err == nil {
			_, err = stmt.ExecContext(im.ctx, g.ID, g.Code, g.Name, g.VillageID, g.Association, nullID(g.LeaderID),
				g.FoundedOn.String(), string(g.Status), g.Note, groupKey(g, im.villageName[g.VillageID]),
				im.st.at, im.st.user)
		}
		if err != nil {
			return recordErr("group", i, g.Code, err)
		}
		im.groupCommune[g.ID] = commune
	}
	return nil
}

func (im *importer) borrowers(bs []data.Borrower, thisYear int) error {
	stmt, err := im.prepare(`INSERT INTO borrowers (id, code, name, gender, birth_year, id_number, phone, village_id,
		group_id, category, ethnicity, note, active, search_key, sort_key, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?16, ?17, ?16, ?17)`)
	if err != nil {
		return err
	}
	codes, ids := seen{}, seen{}
	im.borrowerIDs = make(map[int64]bool, len(bs))
	for i := range bs {
		b := &bs[i]
		err := requireID("borrower.id", b.ID)
		if err == nil {
			err = b.Validate(thisYear)
		}
		commune, ok := im.villageCommune[b.VillageID]
		if err == nil && !ok {
			err = data.NotFound("borrower.village", "ID", b.VillageID)
		}
		if err == nil && b.GroupID != 0 {
			if gc, ok := im.groupCommune[b.GroupID]; !ok {
				err = data.NotFound("borrower.group", "ID", b.GroupID)
			} else if gc != commune {
				err = data.Invalid("borrower.village", "village_other_commune")
			}
		}
		if err == nil && !codes.add(b.Code) {
			err = data.Conflict("borrower.code", "duplicate", "Value", b.Code)
		}
		if err == nil && b.IDNumber != "" && !ids.add(b.IDNumber) {
			err = data.Conflict("borrower.id_number", "duplicate", "Value", b.IDNumber)
		}
		if err == nil {
			_, err = stmt.ExecContext(im.ctx, b.ID, b.Code, b.Name, string(b.Gender), b.BirthYear, b.IDNumber, b.Phone, b.VillageID,
				nullID(b.GroupID), string(b.Category), b.Ethnicity, b.Note, b.Active, b.SearchKey(), sortKey(b.Name),
				im.st.at, im.st.user)
		}
		if err != nil {
			return recordErr("borrower", i, b.Code, err)
		}
		im.borrowerIDs[b.ID] = true
	}
	return nil
}

func (im *importer) ratings(rs []data.GroupRating) error {
	stmt, err := im.prepare(`INSERT INTO group_ratings (group_id, year, rating, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?4, ?5, ?4, ?5)`)
	if err != nil {
		return err
	}
	for i := range rs {
		r := &rs[i]
		err := r.Validate()
		if _, ok := im.groupCommune[r.GroupID]; err == nil && !ok {
			err = data.NotFound("rating.group", "ID", r.GroupID)
		}
		if err == nil {
			_, err = stmt.ExecContext(im.ctx, r.GroupID, r.Year, string(r.Rating), im.st.at, im.st.user)
		}
		if err != nil {
			return recordErr("rating", i, fmt.Sprint(r.GroupID, "/", r.Year), err)
		}
	}
	return nil
}
