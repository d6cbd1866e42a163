package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"policycredit/data"
)

// groupViewSelect reads a group with its village, commune, leader, active member count and
// latest rating.
var groupViewSelect = `SELECT g.id, g.code, g.name, g.village_id, g.association, coalesce(g.leader_id, 0),
	g.founded_on, g.status, g.note,
	v.name, v.commune_id, c.name, coalesce(l.name, ''),
	(SELECT count(*) FROM borrowers m WHERE m.group_id = g.id AND m.active = 1),
	coalesce((SELECT r.rating FROM group_ratings r WHERE r.group_id = g.id ORDER BY r.year DESC LIMIT 1), ''),
	coalesce((SELECT max(r.year) FROM group_ratings r WHERE r.group_id = g.id), 0),
	coalesce(` + settledRating("'9999-12'") + `, '')
	FROM savings_groups g
	JOIN villages v ON v.id = g.village_id
	JOIN communes c ON c.id = v.commune_id
	LEFT JOIN borrowers l ON l.id = g.leader_id`

func scanGroupView(sc interface{ Scan(...any) error }) (data.GroupView, error) {
	var gv data.GroupView
	var founded, status, rating, settled string
	err := sc.Scan(&gv.ID, &gv.Code, &gv.Name, &gv.VillageID, &gv.Association, &gv.LeaderID,
		&founded, &status, &gv.Note,
		&gv.Village, &gv.CommuneID, &gv.Commune, &gv.Leader,
		&gv.Members, &rating, &gv.RatingYear, &settled)
	if err != nil {
		return gv, err
	}
	gv.Status, gv.LatestRating = data.GroupStatus(status), data.Rating(rating)
	if r, m, ok := parseSettledRating(settled); ok {
		gv.LatestRating, gv.RatingYear, gv.RatingMonth = r, m.Year, m
	}
	gv.FoundedOn, err = parseDate(founded)
	return gv, err
}

// Group returns one group with its village, commune, leader and member count.
func (s *Store) Group(ctx context.Context, id int64) (data.GroupView, error) {
	var gv data.GroupView
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		gv, err = scanGroupView(tx.QueryRowContext(ctx, groupViewSelect+` WHERE g.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("group", "ID", id)
		}
		return err
	})
	return gv, err
}

// SearchGroups finds groups whose code, name or village holds every word of query (with or
// without diacritics, any order), by code; an empty query lists every group. limit ≤ 0 means
// no limit.
func (s *Store) SearchGroups(ctx context.Context, query string, limit int) ([]data.GroupView, error) {
	var out []data.GroupView
	err := s.read(ctx, func(tx *sql.Tx) error {
		where, args := termsWhere("g.search_key", data.SearchTerms(query))
		rows, err := tx.QueryContext(ctx, groupViewSelect+where+` ORDER BY g.code, g.id`+limitClause(limit), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			gv, err := scanGroupView(rows)
			if err != nil {
				return err
			}
			out = append(out, gv)
		}
		return rows.Err()
	})
	return out, err
}

// termsWhere builds "every term occurs in the key". instr needs no escaping of % and _ and,
// on a key that is already folded to lower case, is exact.
func termsWhere(column string, terms []string) (string, []any) {
	if len(terms) == 0 {
		return "", nil
	}
	conds := make([]string, len(terms))
	args := make([]any, len(terms))
	for i, t := range terms {
		conds[i] = "instr(" + column + ", ?) > 0"
		args[i] = t
	}
	return " WHERE (" + strings.Join(conds, " AND ") + ")", args
}

// groupKey is the folded text a group is found by.
func groupKey(g *data.Group, village string) string {
	return data.Fold(g.Code + " " + g.Name + " " + village)
}

// refreshGroupKeys recomputes the search keys of the groups matching where (after a village
// is renamed).
func refreshGroupKeys(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.code, g.name, v.name FROM savings_groups g
		JOIN villages v ON v.id = g.village_id WHERE g.`+where, args...)
	if err != nil {
		return err
	}
	type key struct {
		id  int64
		key string
	}
	var keys []key
	for rows.Next() {
		var g data.Group
		var village string
		if err := rows.Scan(&g.ID, &g.Code, &g.Name, &village); err != nil {
			rows.Close()
			return err
		}
		keys = append(keys, key{g.ID, groupKey(&g, village)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `UPDATE savings_groups SET search_key = ? WHERE id = ?`, k.key, k.id); err != nil {
			return err
		}
	}
	return nil
}

// loadGroup reads a group's own columns, without the figures filled on reads, as the audit
// records it.
func loadGroup(ctx context.Context, tx *sql.Tx, id int64) (data.Group, error) {
	g := data.Group{ID: id}
	var founded, status string
	err := tx.QueryRowContext(ctx, `SELECT code, name, village_id, association, coalesce(leader_id, 0), founded_on, status, note
		FROM savings_groups WHERE id = ?`, id).
		Scan(&g.Code, &g.Name, &g.VillageID, &g.Association, &g.LeaderID, &founded, &status, &g.Note)
	if err != nil {
		return g, err
	}
	g.Status = data.GroupStatus(status)
	g.FoundedOn, err = parseDate(founded)
	return g, err
}

// SaveGroup inserts the group when its ID is 0, else updates it. The leader must be an active
// member of the group, so a new group gets its leader in a later save, once members joined.
// Closing it here follows the rule of CloseGroup, which the Groups screen uses.
func (s *Store) SaveGroup(ctx context.Context, g *data.Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.saveRecord(ctx, data.ActGroups, &g.ID, func(tx *sql.Tx, st stamp) (int64, error) { return saveGroupTx(ctx, tx, st, g) })
}

// saveGroupTx is SaveGroup within a transaction of the caller: the import saves each row through it.
// The record is validated by the caller; the new ID, 0 on an update, is returned.
func saveGroupTx(ctx context.Context, tx *sql.Tx, st stamp, g *data.Group) (int64, error) {
	after := *g
	after.Members, after.LatestRating, after.RatingYear = 0, "", 0
	var key string // the search key, which takes the village's name
	return masterSave[data.Group]{
		entity: "group", id: g.ID, after: after,
		load: func(id int64) (data.Group, error) { return loadGroup(ctx, tx, id) },
		check: func(before *data.Group) error {
			village, err := checkGroup(ctx, tx, g, before)
			key = groupKey(g, village.Name)
			return err
		},
		insert: func() (int64, error) {
			return insertID(ctx, tx, `INSERT INTO savings_groups (code, name, village_id, association, leader_id, founded_on,
				status, note, search_key, created_at, created_by, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?10, ?11, ?10, ?11)`,
				g.Code, g.Name, g.VillageID, g.Association, nullID(g.LeaderID), g.FoundedOn.String(),
				string(g.Status), g.Note, key, st.at, st.user)
		},
		update: func(data.Group) error {
			_, err := tx.ExecContext(ctx, `UPDATE savings_groups SET code = ?, name = ?, village_id = ?, association = ?, leader_id = ?,
				founded_on = ?, status = ?, note = ?, search_key = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
				g.Code, g.Name, g.VillageID, g.Association, nullID(g.LeaderID), g.FoundedOn.String(),
				string(g.Status), g.Note, key, st.at, st.user, g.ID)
			return err
		},
		setID: func(g *data.Group, id int64) { g.ID = id },
	}.run(ctx, tx, st)
}

// checkGroup checks a group against saved data: its village (whose commune its members share),
// its leader, the rule of closing, and unique codes; before is nil for a new group. It returns
// the group's village.
func checkGroup(ctx context.Context, tx *sql.Tx, g, before *data.Group) (data.Village, error) {
	var errs data.Errors
	village, err := loadVillage(ctx, tx, g.VillageID)
	if errors.Is(err, sql.ErrNoRows) {
		errs.Add(data.NotFound("group.village", "ID", g.VillageID))
	} else if err != nil {
		return village, err
	} else if before != nil {
		// Members come from the group's commune; moving the group to a village of
		// another commune would leave them behind.
		n, err := count(ctx, tx, `SELECT count(*) FROM borrowers b JOIN villages v ON v.id = b.village_id
			WHERE b.group_id = ? AND b.active = 1 AND v.commune_id <> ?`, g.ID, village.CommuneID)
		if err != nil {
			return village, err
		}
		if n > 0 {
			errs.Add(data.Invalid("group.village", "village_other_commune", "Members", n))
		}
	}
	if g.LeaderID != 0 {
		ok, err := exists(ctx, tx, `SELECT 1 FROM borrowers WHERE id = ? AND group_id = ? AND active = 1`, g.LeaderID, g.ID)
		if err != nil {
			return village, err
		}
		if !ok {
			errs.Add(data.Invalid("group.leader", "leader_not_member"))
		}
	}
	if before != nil && g.Status == data.GroupClosed && before.Status != data.GroupClosed {
		// The rule of CloseGroup: no household with a balance.
		e, err := checkClosing(ctx, tx, *before)
		if err != nil {
			return village, err
		}
		errs.Add(e)
	}
	if taken, err := exists(ctx, tx, `SELECT 1 FROM savings_groups WHERE code = ? AND id <> ?`, g.Code, g.ID); err != nil {
		return village, err
	} else if taken {
		errs.Add(data.Conflict("group.code", "duplicate", "Value", g.Code))
	}
	return village, errs.Err()
}

func count(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// RateGroup records (or corrects) a group's grade for a year.
func (s *Store) RateGroup(ctx context.Context, r data.GroupRating) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.write(ctx, data.ActGroups, func(tx *sql.Tx, st stamp) error { return rateGroupTx(ctx, tx, st, r) })
}

// rateGroupTx is RateGroup within a transaction of the caller.
func rateGroupTx(ctx context.Context, tx *sql.Tx, st stamp, r data.GroupRating) error {
	if ok, err := exists(ctx, tx, `SELECT 1 FROM savings_groups WHERE id = ?`, r.GroupID); err != nil {
		return err
	} else if !ok {
		return data.NotFound("rating.group", "ID", r.GroupID)
	}
	var old string
	err := tx.QueryRowContext(ctx, `SELECT rating FROM group_ratings WHERE group_id = ? AND year = ?`, r.GroupID, r.Year).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO group_ratings (group_id, year, rating, created_at, created_by, updated_at, updated_by)
				VALUES (?, ?, ?, ?4, ?5, ?4, ?5)`, r.GroupID, r.Year, string(r.Rating), st.at, st.user); err != nil {
			return err
		}
		return audit(ctx, tx, st, "rating", idString(r.GroupID), "create", nil, r)
	case err != nil:
		return err
	case old == string(r.Rating):
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE group_ratings SET rating = ?, updated_at = ?, updated_by = ? WHERE group_id = ? AND year = ?`,
		string(r.Rating), st.at, st.user, r.GroupID, r.Year); err != nil {
		return err
	}
	before := data.GroupRating{GroupID: r.GroupID, Year: r.Year, Rating: data.Rating(old)}
	return audit(ctx, tx, st, "rating", idString(r.GroupID), "update", before, r)
}

// GroupRatings lists a group's grades, oldest year first.
func (s *Store) GroupRatings(ctx context.Context, groupID int64) ([]data.GroupRating, error) {
	var out []data.GroupRating
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT group_id, year, rating FROM group_ratings WHERE group_id = ? ORDER BY year`, groupID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r data.GroupRating
			var rating string
			if err := rows.Scan(&r.GroupID, &r.Year, &rating); err != nil {
				return err
			}
			r.Rating = data.Rating(rating)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
