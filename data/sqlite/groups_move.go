package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"policycredit/data"
)

// moveRecord is what the audit keeps of a move, beside the household as it was.
type moveRecord struct {
	data.Borrower
	FromGroup string   `json:"from_group,omitempty"` // code; empty when the household had no group
	ToGroup   string   `json:"to_group"`
	Reason    string   `json:"reason,omitempty"`
	Loans     []string `json:"loans,omitempty"` // contracts of the open loans that moved with it
}

// groupPlace is a group with where it meets, as the move rules read it.
type groupPlace struct {
	data.Group
	village, commune string
	communeID        int64
	members          int // active
}

func loadGroupPlace(ctx context.Context, tx *sql.Tx, id int64) (groupPlace, error) {
	g, err := loadGroup(ctx, tx, id)
	if err != nil {
		return groupPlace{Group: g}, err
	}
	gp := groupPlace{Group: g}
	err = tx.QueryRowContext(ctx, `SELECT v.name, c.id, c.name,
		(SELECT count(*) FROM borrowers b WHERE b.group_id = ?1 AND b.active = 1)
		FROM villages v JOIN communes c ON c.id = v.commune_id WHERE v.id = ?2`, id, g.VillageID).
		Scan(&gp.village, &gp.communeID, &gp.commune, &gp.members)
	return gp, err
}

// MoveBorrower moves an active household from its group (or from no group) to another group,
// with its open loans, in one transaction recorded in the audit (who, when, from, to, why,
// which loans). Each rule it breaks is reported, all at once:
//   - the target group is closed (move.group, group_closed);
//   - the target already has Settings.GroupMaxMembers active members (move.group, move_group_full);
//   - the household leads its group: another leader must be chosen first (move.borrower,
//     leader_leaving);
//   - its group is active and would keep fewer than Settings.GroupMinMembers (move.borrower,
//     move_below_min);
//   - the target meets in another commune (move.group, move_other_commune): a group's members
//     come from its commune, as SaveBorrower requires;
//   - the household lives in another village than the target's and note is empty (move.note,
//     move_note_required): domain.md admits a neighbouring village with a note.
//
// domain.md sets no rule on loans or associations for a move, so a household with loans moves
// under the same rules as one without.
func (s *Store) MoveBorrower(ctx context.Context, borrowerID, toGroupID int64, note string) error {
	note = data.NFC(note)
	if e := data.ValidateOptionalText("move.note", note, 500); e != nil {
		return e
	}
	return s.write(ctx, data.ActGroups, func(tx *sql.Tx, st stamp) error { return moveBorrowerTx(ctx, tx, st, borrowerID, toGroupID, note) })
}

// moveBorrowerTx is MoveBorrower within a transaction of the caller, note already checked:
// an import moves households through it.
func moveBorrowerTx(ctx context.Context, tx *sql.Tx, st stamp, borrowerID, toGroupID int64, note string) error {
	b, err := loadBorrower(ctx, tx, borrowerID)
	if errors.Is(err, sql.ErrNoRows) {
		return data.NotFound("move.borrower", "ID", borrowerID)
	} else if err != nil {
		return err
	}
	to, err := loadGroupPlace(ctx, tx, toGroupID)
	if errors.Is(err, sql.ErrNoRows) {
		return data.NotFound("move.group", "ID", toGroupID)
	} else if err != nil {
		return err
	}
	if !b.Active {
		return data.Forbidden("move.borrower", "move_left", "Name", b.Name)
	}
	if b.GroupID == to.ID {
		return data.Invalid("move.group", "move_same_group", "Group", to.Code)
	}
	set, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	var errs data.Errors
	if to.Status == data.GroupClosed {
		errs.Add(data.Forbidden("move.group", "group_closed", "Group", to.Code))
	} else if to.members >= set.GroupMaxMembers {
		errs.Add(data.Conflict("move.group", "move_group_full", "Group", to.Code, "Count", to.members,
			"Max", set.GroupMaxMembers))
	}
	var from groupPlace
	if b.GroupID != 0 {
		if from, err = loadGroupPlace(ctx, tx, b.GroupID); err != nil {
			return err
		}
		if from.LeaderID == b.ID {
			errs.Add(data.Forbidden("move.borrower", "leader_leaving", "Group", from.Code))
		} else if from.Status == data.GroupActive && from.members-1 < set.GroupMinMembers {
			errs.Add(data.Conflict("move.borrower", "move_below_min", "Group", from.Code, "Left", from.members-1,
				"Min", set.GroupMinMembers))
		}
	}
	home, err := loadVillage(ctx, tx, b.VillageID)
	if err != nil {
		return err
	}
	if home.CommuneID != to.communeID {
		errs.Add(data.Invalid("move.group", "move_other_commune", "Group", to.Code, "Commune", to.commune,
			"Home", home.Name))
	} else if home.ID != to.VillageID && note == "" {
		errs.Add(data.Invalid("move.note", "move_note_required", "Group", to.Code, "Village", to.village,
			"Home", home.Name))
	}
	if len(errs) > 0 {
		return errs
	}

	rows, err := tx.QueryContext(ctx, `SELECT contract FROM loans WHERE borrower_id = ? AND status = 'active' ORDER BY id`, b.ID)
	if err != nil {
		return err
	}
	var contracts []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		contracts = append(contracts, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE borrowers SET group_id = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
		to.ID, st.at, st.user, b.ID); err != nil {
		return err
	}
	// Open loans follow the household: its new group's leader collects their interest, and
	// the group's figures are those of its members. Closed loans keep the group that lent them.
	if _, err := tx.ExecContext(ctx, `UPDATE loans SET group_id = ?, updated_at = ?, updated_by = ?
			WHERE borrower_id = ? AND status = 'active'`, to.ID, st.at, st.user, b.ID); err != nil {
		return err
	}
	after := moveRecord{Borrower: b, FromGroup: from.Code, ToGroup: to.Code, Reason: note, Loans: contracts}
	after.GroupID = to.ID
	return audit(ctx, tx, st, "borrower", idString(b.ID), "move", b, after)
}

// householdsWithBalance counts the households of a group, or with loans lent through it, that
// have loan principal outstanding or savings: a group with any cannot close.
func householdsWithBalance(ctx context.Context, tx *sql.Tx, groupID int64) (int, error) {
	return count(ctx, tx, `SELECT count(*) FROM borrowers b
		WHERE (b.group_id = ?1 OR b.id IN (SELECT l.borrower_id FROM loans l WHERE l.group_id = ?1))
		AND (EXISTS (SELECT 1 FROM loans l JOIN loan_balances lb ON lb.loan_id = l.id
				WHERE l.borrower_id = b.id AND lb.disbursed - lb.principal_repaid - lb.written_off > 0)
			OR EXISTS (SELECT 1 FROM savings_balances sb WHERE sb.borrower_id = b.id AND sb.balance <> 0))`, groupID)
}

// checkClosing refuses to close a group while a household has a balance (group.status,
// has_balances, with their count). Members without balances stay listed in the closed group
// and may be moved out later; the closed group takes no one in.
func checkClosing(ctx context.Context, tx *sql.Tx, g data.Group) (*data.Error, error) {
	n, err := householdsWithBalance(ctx, tx, g.ID)
	if err != nil || n == 0 {
		return nil, err
	}
	return data.Forbidden("group.status", "has_balances", "Group", g.Code, "Count", n), nil
}

// CloseGroup closes a group none of whose households has loan principal outstanding or
// savings; closing a closed group changes nothing. The audit records it as "close".
func (s *Store) CloseGroup(ctx context.Context, groupID int64) error {
	return s.setGroupStatus(ctx, groupID, data.GroupClosed, "close")
}

// ReopenGroup lets a closed group work again, with the members it kept; domain.md sets no rule
// against it. The audit records it as "reopen".
func (s *Store) ReopenGroup(ctx context.Context, groupID int64) error {
	return s.setGroupStatus(ctx, groupID, data.GroupActive, "reopen")
}

func (s *Store) setGroupStatus(ctx context.Context, groupID int64, status data.GroupStatus, action string) error {
	return s.write(ctx, data.ActGroups, func(tx *sql.Tx, st stamp) error {
		g, err := loadGroup(ctx, tx, groupID)
		if errors.Is(err, sql.ErrNoRows) {
			return data.NotFound("group", "ID", groupID)
		} else if err != nil {
			return err
		}
		if g.Status == status {
			return nil
		}
		if status == data.GroupClosed {
			if e, err := checkClosing(ctx, tx, g); err != nil {
				return err
			} else if e != nil {
				return e
			}
		}
		before := g
		g.Status = status
		if _, err := tx.ExecContext(ctx, `UPDATE savings_groups SET status = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			string(status), st.at, st.user, g.ID); err != nil {
			return err
		}
		return audit(ctx, tx, st, "group", idString(g.ID), action, before, g)
	})
}
