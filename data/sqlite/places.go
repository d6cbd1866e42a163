package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"policycredit/data"
)

// The office is stored as key/value rows, like the settings, so that a later field needs no
// schema change.
const (
	officeName     = "name"
	officeBranch   = "branch"
	officeProvince = "province"
)

// Office returns the office's name, branch and province (empty on a new database).
func (s *Store) Office(ctx context.Context) (data.Office, error) {
	var o data.Office
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		o, _, err = loadOffice(ctx, tx)
		return err
	})
	return o, err
}

func loadOffice(ctx context.Context, tx *sql.Tx) (o data.Office, found bool, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM office`)
	if err != nil {
		return o, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return o, false, err
		}
		found = true
		switch k {
		case officeName:
			o.Name = v
		case officeBranch:
			o.Branch = v
		case officeProvince:
			o.Province = v
		}
	}
	return o, found, rows.Err()
}

func saveOffice(ctx context.Context, tx *sql.Tx, st stamp, o data.Office) error {
	before, found, err := loadOffice(ctx, tx)
	if err != nil {
		return err
	}
	if found && before == o {
		return nil
	}
	for _, kv := range [][2]string{{officeName, o.Name}, {officeBranch, o.Branch}, {officeProvince, o.Province}} {
		if err := upsertKey(ctx, tx, st, "office", kv[0], kv[1]); err != nil {
			return err
		}
	}
	if !found {
		return audit(ctx, tx, st, "office", "", "create", nil, o)
	}
	return audit(ctx, tx, st, "office", "", "update", before, o)
}

// upsertKey writes one key/value row of the office or settings table.
func upsertKey(ctx context.Context, tx *sql.Tx, st stamp, table, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (key, value, created_at, created_by, updated_at, updated_by)
		VALUES (?1, ?2, ?3, ?4, ?3, ?4)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
			updated_by = excluded.updated_by
		WHERE `+table+`.value <> excluded.value`, key, value, st.at, st.user)
	return err
}

// Communes lists the office's communes by official code.
func (s *Store) Communes(ctx context.Context) ([]data.Commune, error) {
	var out []data.Commune
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryRows(ctx, tx, func(rows *sql.Rows) (c data.Commune, err error) {
			err = rows.Scan(&c.ID, &c.Code, &c.Name, &c.FormerName)
			return
		}, `SELECT id, code, name, former_name FROM communes ORDER BY code`)
		return err
	})
	return out, err
}

func loadCommune(ctx context.Context, tx *sql.Tx, id int64) (data.Commune, error) {
	c := data.Commune{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT code, name, former_name FROM communes WHERE id = ?`, id).
		Scan(&c.Code, &c.Name, &c.FormerName)
	return c, err
}

// SaveCommune inserts the commune when its ID is 0, else updates it.
func (s *Store) SaveCommune(ctx context.Context, c *data.Commune) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.saveRecord(ctx, data.ActPlaces, &c.ID, func(tx *sql.Tx, st stamp) (int64, error) { return saveCommuneTx(ctx, tx, st, c) })
}

// saveCommuneTx is SaveCommune within a transaction of the caller: the import saves each row through it.
// The record is validated by the caller; the new ID, 0 on an update, is returned.
func saveCommuneTx(ctx context.Context, tx *sql.Tx, st stamp, c *data.Commune) (int64, error) {
	return masterSave[data.Commune]{
		entity: "commune", id: c.ID, after: *c,
		load: func(id int64) (data.Commune, error) { return loadCommune(ctx, tx, id) },
		check: func(*data.Commune) error {
			if taken, err := exists(ctx, tx, `SELECT 1 FROM communes WHERE code = ? AND id <> ?`, c.Code, c.ID); err != nil || !taken {
				return err
			}
			return data.Conflict("commune.code", "duplicate", "Value", c.Code)
		},
		insert: func() (int64, error) {
			return insertID(ctx, tx, `INSERT INTO communes (code, name, former_name, created_at, created_by, updated_at, updated_by)
				VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)`, c.Code, c.Name, c.FormerName, st.at, st.user)
		},
		update: func(data.Commune) error {
			_, err := tx.ExecContext(ctx, `UPDATE communes SET code = ?, name = ?, former_name = ?, updated_at = ?, updated_by = ?
				WHERE id = ?`, c.Code, c.Name, c.FormerName, st.at, st.user, c.ID)
			return err
		},
		setID: func(c *data.Commune, id int64) { c.ID = id },
	}.run(ctx, tx, st)
}

// exists reports whether query returns a row.
func exists(ctx context.Context, tx *sql.Tx, query string, args ...any) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Villages lists a commune's villages by code; communeID 0 lists every village.
func (s *Store) Villages(ctx context.Context, communeID int64) ([]data.Village, error) {
	var out []data.Village
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryRows(ctx, tx, func(rows *sql.Rows) (v data.Village, err error) {
			err = rows.Scan(&v.ID, &v.CommuneID, &v.Code, &v.Name)
			return
		}, `SELECT id, commune_id, code, name FROM villages
			WHERE ?1 = 0 OR commune_id = ?1 ORDER BY commune_id, code, id`, communeID)
		return err
	})
	return out, err
}

func loadVillage(ctx context.Context, tx *sql.Tx, id int64) (data.Village, error) {
	v := data.Village{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT commune_id, code, name FROM villages WHERE id = ?`, id).Scan(&v.CommuneID, &v.Code, &v.Name)
	return v, err
}

// SaveVillage inserts the village when its ID is 0, else updates it. A village in use by a
// point, group or borrower cannot move to another commune: that would split them across
// communes.
func (s *Store) SaveVillage(ctx context.Context, v *data.Village) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return s.saveRecord(ctx, data.ActPlaces, &v.ID, func(tx *sql.Tx, st stamp) (int64, error) { return saveVillageTx(ctx, tx, st, v) })
}

// saveVillageTx is SaveVillage within a transaction of the caller: the import saves each row through it.
// The record is validated by the caller; the new ID, 0 on an update, is returned.
func saveVillageTx(ctx context.Context, tx *sql.Tx, st stamp, v *data.Village) (int64, error) {
	return masterSave[data.Village]{
		entity: "village", id: v.ID, after: *v,
		load:  func(id int64) (data.Village, error) { return loadVillage(ctx, tx, id) },
		check: func(before *data.Village) error { return checkVillage(ctx, tx, v, before) },
		insert: func() (int64, error) {
			return insertID(ctx, tx, `INSERT INTO villages (commune_id, code, name, created_at, created_by, updated_at, updated_by)
				VALUES (?, ?, ?, ?4, ?5, ?4, ?5)`, v.CommuneID, v.Code, v.Name, st.at, st.user)
		},
		update: func(before data.Village) error {
			if _, err := tx.ExecContext(ctx, `UPDATE villages SET commune_id = ?, code = ?, name = ?, updated_at = ?, updated_by = ?
				WHERE id = ?`, v.CommuneID, v.Code, v.Name, st.at, st.user, v.ID); err != nil {
				return err
			}
			// A group is found by its village's name too.
			if before.Name != v.Name {
				return refreshGroupKeys(ctx, tx, `village_id = ?`, v.ID)
			}
			return nil
		},
		setID: func(v *data.Village, id int64) { v.ID = id },
	}.run(ctx, tx, st)
}

// checkVillage checks a village against saved data: its commune, the villages in use that
// cannot move, and unique codes. before is nil for a new village.
func checkVillage(ctx context.Context, tx *sql.Tx, v, before *data.Village) error {
	var errs data.Errors
	if found, err := exists(ctx, tx, `SELECT 1 FROM communes WHERE id = ?`, v.CommuneID); err != nil {
		return err
	} else if !found {
		errs.Add(data.NotFound("village.commune", "ID", v.CommuneID))
	}
	if before != nil && before.CommuneID != v.CommuneID {
		used, err := exists(ctx, tx, `SELECT 1 WHERE EXISTS (SELECT 1 FROM point_villages WHERE village_id = ?1)
			OR EXISTS (SELECT 1 FROM savings_groups WHERE village_id = ?1)
			OR EXISTS (SELECT 1 FROM borrowers WHERE village_id = ?1)`, v.ID)
		if err != nil {
			return err
		}
		if used {
			errs.Add(data.Forbidden("village.commune", "in_use"))
		}
	}
	if taken, err := exists(ctx, tx, `SELECT 1 FROM villages WHERE commune_id = ? AND code = ? AND id <> ?`,
		v.CommuneID, v.Code, v.ID); err != nil {
		return err
	} else if taken {
		errs.Add(data.Conflict("village.code", "duplicate", "Value", v.Code))
	}
	return errs.Err()
}

// Points lists a commune's transaction points by code; communeID 0 lists every point.
func (s *Store) Points(ctx context.Context, communeID int64) ([]data.Point, error) {
	var out []data.Point
	err := s.read(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryRows(ctx, tx, func(rows *sql.Rows) (p data.Point, err error) {
			err = rows.Scan(&p.ID, &p.CommuneID, &p.Code, &p.Name, &p.Day)
			return
		}, `SELECT id, commune_id, code, name, day FROM points
			WHERE ?1 = 0 OR commune_id = ?1 ORDER BY commune_id, code, id`, communeID)
		if err != nil {
			return err
		}
		for i := range out {
			if out[i].VillageIDs, err = pointVillages(ctx, tx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func pointVillages(ctx context.Context, tx *sql.Tx, pointID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT village_id FROM point_villages WHERE point_id = ? ORDER BY village_id`, pointID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func loadPoint(ctx context.Context, tx *sql.Tx, id int64) (data.Point, error) {
	p := data.Point{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT commune_id, code, name, day FROM points WHERE id = ?`, id).
		Scan(&p.CommuneID, &p.Code, &p.Name, &p.Day)
	if err != nil {
		return p, err
	}
	p.VillageIDs, err = pointVillages(ctx, tx, id)
	return p, err
}

// normaliseIDs sorts and de-duplicates a list of IDs, so saved lists compare equal.
func normaliseIDs(ids []int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	out := append([]int64(nil), ids...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	n := 0
	for i, id := range out {
		if i == 0 || id != out[n-1] {
			out[n] = id
			n++
		}
	}
	return out[:n]
}

// SavePoint inserts the point when its ID is 0, else updates it with the villages it serves,
// which must all be in the point's commune.
func (s *Store) SavePoint(ctx context.Context, p *data.Point) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.VillageIDs = normaliseIDs(p.VillageIDs)
	return s.saveRecord(ctx, data.ActPlaces, &p.ID, func(tx *sql.Tx, st stamp) (int64, error) { return savePointTx(ctx, tx, st, p) })
}

// savePointTx is SavePoint within a transaction of the caller: the import saves each row through it.
// The record is validated by the caller; the new ID, 0 on an update, is returned.
func savePointTx(ctx context.Context, tx *sql.Tx, st stamp, p *data.Point) (int64, error) {
	servedBy := func(id int64) error {
		for _, vid := range p.VillageIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO point_villages (point_id, village_id) VALUES (?, ?)`, id, vid); err != nil {
				return err
			}
		}
		return nil
	}
	return masterSave[data.Point]{
		entity: "point", id: p.ID, after: *p,
		load:  func(id int64) (data.Point, error) { return loadPoint(ctx, tx, id) },
		check: func(*data.Point) error { return checkPoint(ctx, tx, p) },
		insert: func() (int64, error) {
			id, err := insertID(ctx, tx, `INSERT INTO points (commune_id, code, name, day, created_at, created_by, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?5, ?6, ?5, ?6)`, p.CommuneID, p.Code, p.Name, p.Day, st.at, st.user)
			if err != nil {
				return 0, err
			}
			return id, servedBy(id)
		},
		update: func(data.Point) error {
			if _, err := tx.ExecContext(ctx, `UPDATE points SET commune_id = ?, code = ?, name = ?, day = ?, updated_at = ?, updated_by = ?
				WHERE id = ?`, p.CommuneID, p.Code, p.Name, p.Day, st.at, st.user, p.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM point_villages WHERE point_id = ?`, p.ID); err != nil {
				return err
			}
			return servedBy(p.ID)
		},
		setID: func(p *data.Point, id int64) { p.ID = id },
	}.run(ctx, tx, st)
}

// checkPoint checks a point against saved data: its commune, its villages (all in that
// commune) and unique codes.
func checkPoint(ctx context.Context, tx *sql.Tx, p *data.Point) error {
	var errs data.Errors
	if found, err := exists(ctx, tx, `SELECT 1 FROM communes WHERE id = ?`, p.CommuneID); err != nil {
		return err
	} else if !found {
		errs.Add(data.NotFound("point.commune", "ID", p.CommuneID))
	}
	for _, vid := range p.VillageIDs {
		v, err := loadVillage(ctx, tx, vid)
		if errors.Is(err, sql.ErrNoRows) {
			errs.Add(data.NotFound("point.villages", "ID", vid))
			break
		} else if err != nil {
			return err
		}
		if v.CommuneID != p.CommuneID {
			errs.Add(data.Invalid("point.villages", "village_other_commune", "Village", v.Name))
			break
		}
	}
	if taken, err := exists(ctx, tx, `SELECT 1 FROM points WHERE code = ? AND id <> ?`, p.Code, p.ID); err != nil {
		return err
	} else if taken {
		errs.Add(data.Conflict("point.code", "duplicate", "Value", p.Code))
	}
	return errs.Err()
}
