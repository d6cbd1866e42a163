package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"policycredit/data"
)

// Households are listed the way offices list people: by given name (the last word), then
// family name (the first word), then middle names, each compared in the Vietnamese alphabet
// (a ă â b c d đ e ê …, tones after letters), so "Đào" comes after "Dung" and before "Em".
//
// borrowers.sort_key holds that order as bytes, so that SQLite sorts and pages with a plain
// index: a BLOB made of a version byte and the Vietnamese collation keys (golang.org/x/text/
// collate, case ignored) of the given, family and middle names, each followed by a zero byte.
// Databases written before the version byte held folded text; Open rewrites such keys once
// (refreshSortKeys). SQLite orders every TEXT value before every BLOB, so a stale key is found
// through the index.

// sortKeyVersion starts every current sort key; bump it when the key's make-up changes.
const sortKeyVersion = 1

var (
	collMu  sync.Mutex // a Collator and its Buffer are not safe for concurrent use
	coll    = collate.New(language.Vietnamese, collate.IgnoreCase, collate.IgnoreWidth)
	collBuf collate.Buffer
)

// sortKey is the sort_key of a household named name.
func sortKey(name string) []byte {
	family, middle, given := data.NameParts(data.NFC(name))
	collMu.Lock()
	defer collMu.Unlock()
	out := make([]byte, 1, 64)
	out[0] = sortKeyVersion
	for _, part := range []string{given, family, middle} {
		out = append(out, coll.KeyFromString(&collBuf, part)...)
		out = append(out, 0)
		collBuf.Reset()
	}
	return out
}

// compareText compares two names, village names or group names in Vietnamese order.
func compareText(a, b string) int {
	collMu.Lock()
	defer collMu.Unlock()
	return coll.CompareString(a, b)
}

// staleSortKeys selects the households whose sort key is not of the current version, with the
// bounds in staleSortArgs: parameters, because the two engines spell a bytes literal apart.
const staleSortKeys = `sort_key < ? OR sort_key >= ?`

var staleSortArgs = []any{[]byte{sortKeyVersion}, []byte{sortKeyVersion + 1}}

// refreshSortKeys rewrites the sort keys of an older version, in one transaction. When every
// key is current it only reads a step of the index, and takes no write lock.
func (s *Store) refreshSortKeys(ctx context.Context) error {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM borrowers WHERE `+staleSortKeys+` LIMIT 1`, staleSortArgs...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return mapErr(err)
	}
	return s.system(ctx, func(tx *sql.Tx, st stamp) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name FROM borrowers WHERE `+staleSortKeys, staleSortArgs...)
		if err != nil {
			return err
		}
		type named struct {
			id   int64
			name string
		}
		var all []named
		for rows.Next() {
			var n named
			if err := rows.Scan(&n.id, &n.name); err != nil {
				rows.Close()
				return err
			}
			all = append(all, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `UPDATE borrowers SET sort_key = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, n := range all {
			if _, err := stmt.ExecContext(ctx, sortKey(n.name), n.id); err != nil {
				return err
			}
		}
		return nil
	})
}

// rankByName numbers ids by their names in Vietnamese order (ties by id), from 1.
func rankByName(ids []int64, names []string) map[int64]int {
	idx := make([]int, len(ids))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if c := compareText(names[idx[a]], names[idx[b]]); c != 0 {
			return c < 0
		}
		return ids[idx[a]] < ids[idx[b]]
	})
	out := make(map[int64]int, len(ids))
	for r, i := range idx {
		out[ids[i]] = r + 1
	}
	return out
}
