package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"policycredit/data"
)

const borrowerViewSelect = `SELECT b.id, b.code, b.name, b.gender, b.birth_year, b.id_number, b.phone,
	b.village_id, coalesce(b.group_id, 0), b.category, b.ethnicity, b.note, b.active,
	v.name, v.commune_id, c.name, coalesce(g.code, ''), coalesce(g.name, '')
	FROM borrowers b
	JOIN villages v ON v.id = b.village_id
	JOIN communes c ON c.id = v.commune_id
	LEFT JOIN savings_groups g ON g.id = b.group_id`

func scanBorrowerView(sc interface{ Scan(...any) error }) (data.BorrowerView, error) {
	var bv data.BorrowerView
	var gender, category string
	err := sc.Scan(&bv.ID, &bv.Code, &bv.Name, &gender, &bv.BirthYear, &bv.IDNumber, &bv.Phone,
		&bv.VillageID, &bv.GroupID, &category, &bv.Ethnicity, &bv.Note, &bv.Active,
		&bv.Village, &bv.CommuneID, &bv.Commune, &bv.GroupCode, &bv.GroupName)
	bv.Gender, bv.Category = data.Gender(gender), data.Category(category)
	return bv, err
}

// Borrower returns one household with its village, commune and group.
func (s *Store) Borrower(ctx context.Context, id int64) (data.BorrowerView, error) {
	var bv data.BorrowerView
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
		var err error
		bv, err = scanBorrowerView(tx.QueryRowContext(ctx, borrowerViewSelect+` WHERE b.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("borrower", "ID", id)
		}
		return err
	})
	return bv, err
}

// BorrowerByCode returns the household with a customer code (compared case-insensitively).
func (s *Store) BorrowerByCode(ctx context.Context, code string) (data.BorrowerView, error) {
	code = data.NFC(code)
	var bv data.BorrowerView
	err := s.readPersonal(ctx, func(tx *sql.Tx) error {
		var err error
		bv, err = scanBorrowerView(tx.QueryRowContext(ctx, borrowerViewSelect+` WHERE b.code = ?`, code))
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("borrower", "Code", code)
		}
		return err
	})
	return bv, err
}

// SearchBorrowers finds households whose name, code, ID number or phone hold every word of
// query, with or without diacritics and in any order, and also a phone or ID number however it
// was typed ("+84 912 345 678", "040 178 001 234"). Results come by given name, then full name.
//
// Matching scans the folded keys (about 6 ms at 35 000 households); the few matches are then
// sorted. Only an unfiltered page walks the sort index, where LIMIT stops the walk early.
func (s *Store) SearchBorrowers(ctx context.Context, query string, limit int) ([]data.BorrowerView, error) {
	terms := data.SearchTerms(query)
	where, args := termsWhere("b.search_key", terms)
	for _, alt := range exactForms(query, terms) {
		where += " OR instr(b.search_key, ?) > 0"
		args = append(args, alt)
	}
	order := ` ORDER BY +b.sort_key, b.id` // unary +: sort the matches, do not walk the index
	if len(terms) == 0 && limit > 0 {
		order = ` ORDER BY b.sort_key, b.id`
	}
	return s.borrowerViews(ctx, where+order+limitClause(limit), args...)
}

// borrowerViews reads the borrowers that tail (WHERE … ORDER BY … LIMIT) selects, with their
// village, commune and group names.
func (s *Store) borrowerViews(ctx context.Context, tail string, args ...any) ([]data.BorrowerView, error) {
	var out []data.BorrowerView
	var mask bool
	err := s.readAs(ctx, data.ActPersonal, func(tx *sql.Tx, who actor) error {
		mask = !who.fullIDs()
		rows, err := tx.QueryContext(ctx, borrowerViewSelect+tail, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			bv, err := scanBorrowerView(rows)
			if err != nil {
				return err
			}
			out = append(out, bv)
		}
		return rows.Err()
	})
	if err == nil && mask {
		for i := range out {
			out[i].IDNumber = data.MaskID(out[i].IDNumber)
		}
	}
	return out, err
}

// exactForms are the query read as a phone number or an ID number, when that reading differs
// from the words: typed with spaces or +84, they would not be found in the key word by word.
func exactForms(query string, terms []string) []string {
	if len(terms) == 0 {
		return nil
	}
	joined := strings.Join(terms, " ")
	var out []string
	for _, f := range []string{data.NormalisePhone(query), data.NormaliseIDNumber(query)} {
		f = data.Fold(f)
		if f != "" && f != joined && !strings.Contains(f, " ") && (len(out) == 0 || out[0] != f) {
			out = append(out, f)
		}
	}
	return out
}

func loadBorrower(ctx context.Context, tx *sql.Tx, id int64) (data.Borrower, error) {
	var b data.Borrower
	var gender, category string
	err := tx.QueryRowContext(ctx, `SELECT id, code, name, gender, birth_year, id_number, phone, village_id,
		coalesce(group_id, 0), category, ethnicity, note, active FROM borrowers WHERE id = ?`, id).
		Scan(&b.ID, &b.Code, &b.Name, &gender, &b.BirthYear, &b.IDNumber, &b.Phone, &b.VillageID,
			&b.GroupID, &category, &b.Ethnicity, &b.Note, &b.Active)
	b.Gender, b.Category = data.Gender(gender), data.Category(category)
	return b, err
}

// SaveBorrower inserts the household when its ID is 0, else updates it. Its village must be in
// its group's commune; joining a group (new, moving, or coming back) needs a free place under
// Settings.GroupMaxMembers; a group's leader cannot leave it until another leader is named.
func (s *Store) SaveBorrower(ctx context.Context, b *data.Borrower) error {
	if err := b.Validate(s.now().Year()); err != nil {
		return err
	}
	// Which permission depends on what changes: mayEditBorrower checks it.
	return s.saveRecord(ctx, data.ActCache, &b.ID, func(tx *sql.Tx, st stamp) (int64, error) {
		if err := mayEditBorrower(ctx, tx, st, b); err != nil {
			return 0, err
		}
		return saveBorrowerTx(ctx, tx, st, b)
	})
}

// mayEditBorrower lets a teller change a household's phone only; a new household and every
// other field are the credit officer's.
func mayEditBorrower(ctx context.Context, tx *sql.Tx, st stamp, b *data.Borrower) error {
	if b.ID == 0 {
		return st.actor.may(data.ActHouseholds)
	}
	before, err := loadBorrower(ctx, tx, b.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // saveBorrowerTx reports it
	} else if err != nil {
		return err
	}
	contactOnly := *b
	contactOnly.Phone = before.Phone
	if contactOnly != before {
		return st.actor.may(data.ActHouseholds)
	}
	return st.actor.may(data.ActContacts)
}

// saveBorrowerTx is SaveBorrower within a transaction of the caller: the import saves each row through it.
// The record is validated by the caller; the new ID, 0 on an update, is returned.
func saveBorrowerTx(ctx context.Context, tx *sql.Tx, st stamp, b *data.Borrower) (int64, error) {
	return masterSave[data.Borrower]{
		entity: "borrower", id: b.ID, after: *b,
		load: func(id int64) (data.Borrower, error) { return loadBorrower(ctx, tx, id) },
		check: func(before *data.Borrower) error {
			errs, err := checkBorrower(ctx, tx, b, before)
			if err != nil {
				return err
			}
			if before != nil && before.Active && !b.Active { // leaving: as MarkBorrowerLeft
				more, err := leaveErrors(ctx, tx, before)
				if err != nil {
					return err
				}
				errs = append(errs, more...)
			}
			return errs.Err()
		},
		insert: func() (int64, error) {
			return insertID(ctx, tx, `INSERT INTO borrowers (code, name, gender, birth_year, id_number, phone, village_id,
				group_id, category, ethnicity, note, active, search_key, sort_key,
				created_at, created_by, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?15, ?16, ?15, ?16)`,
				b.Code, b.Name, string(b.Gender), b.BirthYear, b.IDNumber, b.Phone, b.VillageID,
				nullID(b.GroupID), string(b.Category), b.Ethnicity, b.Note, b.Active, b.SearchKey(), sortKey(b.Name),
				st.at, st.user)
		},
		update: func(data.Borrower) error {
			_, err := tx.ExecContext(ctx, `UPDATE borrowers SET code = ?, name = ?, gender = ?, birth_year = ?, id_number = ?,
				phone = ?, village_id = ?, group_id = ?, category = ?, ethnicity = ?, note = ?, active = ?,
				search_key = ?, sort_key = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
				b.Code, b.Name, string(b.Gender), b.BirthYear, b.IDNumber, b.Phone, b.VillageID,
				nullID(b.GroupID), string(b.Category), b.Ethnicity, b.Note, b.Active, b.SearchKey(), sortKey(b.Name),
				st.at, st.user, b.ID)
			return err
		},
		setID: func(b *data.Borrower, id int64) { b.ID = id },
	}.run(ctx, tx, st)
}

// checkBorrower checks a borrower against saved data: references, group rules, uniqueness.
func checkBorrower(ctx context.Context, tx *sql.Tx, b *data.Borrower, before *data.Borrower) (data.Errors, error) {
	var errs data.Errors
	village, err := loadVillage(ctx, tx, b.VillageID)
	villageFound := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		errs.Add(data.NotFound("borrower.village", "ID", b.VillageID))
	} else if err != nil {
		return nil, err
	}
	if b.GroupID != 0 {
		var code, status string
		var groupCommune int64
		err := tx.QueryRowContext(ctx, `SELECT g.code, g.status, v.commune_id FROM savings_groups g
			JOIN villages v ON v.id = g.village_id WHERE g.id = ?`, b.GroupID).Scan(&code, &status, &groupCommune)
		if errors.Is(err, sql.ErrNoRows) {
			errs.Add(data.NotFound("borrower.group", "ID", b.GroupID))
		} else if err != nil {
			return nil, err
		} else {
			if villageFound && village.CommuneID != groupCommune {
				errs.Add(data.Invalid("borrower.village", "village_other_commune", "Group", code))
			}
			// Joining: a member who stays in the group keeps their place even if the group
			// has filled up since (the maximum may have been lowered).
			joining := b.Active && (before == nil || !before.Active || before.GroupID != b.GroupID)
			if joining && data.GroupStatus(status) == data.GroupClosed {
				errs.Add(data.Forbidden("borrower.group", "group_closed", "Group", code))
			} else if joining {
				set, err := loadSettings(ctx, tx)
				if err != nil {
					return nil, err
				}
				n, err := count(ctx, tx, `SELECT count(*) FROM borrowers WHERE group_id = ? AND active = 1 AND id <> ?`,
					b.GroupID, b.ID)
				if err != nil {
					return nil, err
				}
				if n >= set.GroupMaxMembers {
					errs.Add(data.Conflict("borrower.group", "group_full", "Max", set.GroupMaxMembers))
				}
			}
		}
	}
	if before != nil && before.GroupID != 0 && (!b.Active || b.GroupID != before.GroupID) {
		var code string
		err := tx.QueryRowContext(ctx, `SELECT code FROM savings_groups WHERE id = ? AND leader_id = ?`, before.GroupID, b.ID).Scan(&code)
		if err == nil {
			field := "borrower.group"
			if !b.Active {
				field = "borrower.status"
			}
			errs.Add(data.Forbidden(field, "leader_leaving", "Group", code))
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	if taken, err := exists(ctx, tx, `SELECT 1 FROM borrowers WHERE code = ? AND id <> ?`, b.Code, b.ID); err != nil {
		return nil, err
	} else if taken {
		errs.Add(data.Conflict("borrower.code", "duplicate", "Value", b.Code))
	}
	if b.IDNumber != "" {
		if taken, err := exists(ctx, tx, `SELECT 1 FROM borrowers WHERE id_number = ? AND id_number <> '' AND id <> ?`, b.IDNumber, b.ID); err != nil {
			return nil, err
		} else if taken {
			errs.Add(data.Conflict("borrower.id_number", "duplicate", "Value", b.IDNumber))
		}
	}
	return errs, nil
}
