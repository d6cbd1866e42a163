package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"policycredit/data"
)

// Records that show tampering: every ledger entry and every audit row carries a SHA-256 hash
// over its canonical fields and the previous row's hash, one chain per table in id order
// (0013_chained_hashes.sql). An entry edited, inserted or removed with another tool breaks the
// chain from that row on; chain_heads keeps each chain's last row, so rows removed from the end
// are found too, and a hash noted on paper (an anchor) proves the ledger still holds that state.

const (
	entriesChain = "entries"
	auditChain   = "audit"
	// AnchorDigits is the shortest anchor accepted and the length of the head printed for one.
	AnchorDigits = data.AnchorDigits
)

// chainRow is a row as it is stored, in the order its fields are hashed.
type chainRow struct {
	ints []int64
	strs []string
}

// hashRow is the SHA-256 of prev and the row's fields, hex encoded. Integers end with ';' and
// strings carry their length, so no two different rows encode alike. buf is reused across calls.
func hashRow(buf *[]byte, prev string, ints []int64, strs []string) string {
	b := (*buf)[:0]
	b = appendString(b, prev)
	for _, v := range ints {
		b = strconv.AppendInt(b, v, 10)
		b = append(b, ';')
	}
	for _, s := range strs {
		b = appendString(b, s)
	}
	*buf = b
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func appendString(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

// entryRow is an entry's hashed fields as stored: no loan and no reversed entry are 0.
type entryRow struct {
	id, loanID, borrowerID, amount, installment, reverses                 int64
	kind, valueDate, newDate, decision, decisionDate, ref, note, at, user string
}

func (r *entryRow) hash(buf *[]byte, prev string) string {
	ints := [...]int64{r.id, r.loanID, r.borrowerID, r.amount, r.installment, r.reverses}
	strs := [...]string{r.kind, r.valueDate, r.newDate, r.decision, r.decisionDate, r.ref, r.note, r.at, r.user}
	return hashRow(buf, prev, ints[:], strs[:])
}

// auditRow is an audit row's hashed fields as stored.
type auditRow struct {
	id                                                int64
	at, user, entity, entityID, action, before, after string
}

func (r *auditRow) hash(buf *[]byte, prev string) string {
	ints := [...]int64{r.id}
	strs := [...]string{r.at, r.user, r.entity, r.entityID, r.action, r.before, r.after}
	return hashRow(buf, prev, ints[:], strs[:])
}

// chainHead is where a chain stands within one transaction: the next row takes id lastID+1
// and chains from hash. It is read once per transaction and moved on in memory, never by
// re-reading the table per row.
type chainHead struct {
	lastID int64
	hash   string
	buf    []byte
}

// loadChainHead reads a chain's head. The next id follows the table's largest id as SQLite
// would give it; the previous hash is the kept head's, so that a row removed from the end
// breaks the chain at the next row rather than vanishing.
func loadChainHead(ctx context.Context, tx *sql.Tx, chain string) (*chainHead, error) {
	h := &chainHead{}
	err := tx.QueryRowContext(ctx, `SELECT last_id, hash FROM chain_heads WHERE chain = ?`, chain).Scan(&h.lastID, &h.hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: the %s chain has no head", chain)
	} else if err != nil {
		return nil, err
	}
	var maxID int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+chain).Scan(&maxID); err != nil {
		return nil, err
	}
	h.lastID = max(h.lastID, maxID)
	return h, nil
}

// nextEntry gives the id and hash of the entry about to be inserted; advance moves on once it is.
func (h *chainHead) nextEntry(r *entryRow) string {
	r.id = h.lastID + 1
	return r.hash(&h.buf, h.hash)
}

func (h *chainHead) advance(id int64, hash string) { h.lastID, h.hash = id, hash }

// entryChain is the transaction's ledger chain head, read on the first entry posted.
func (lg *ledger) entryChain() (*chainHead, error) {
	if lg.chain == nil {
		h, err := loadChainHead(lg.ctx, lg.tx, entriesChain)
		if err != nil {
			return nil, err
		}
		lg.chain = h
	}
	return lg.chain, nil
}

// insertEntry inserts one entry with the next id of the chain and its hash, and returns the id.
func (lg *ledger) insertEntry(r entryRow) (int64, error) {
	h, err := lg.entryChain()
	if err != nil {
		return 0, err
	}
	hash := h.nextEntry(&r)
	if lg.held != nil {
		lg.held.holdEntry(r, hash)
		h.advance(r.id, hash)
		return r.id, nil
	}
	if _, err := lg.ex.ExecContext(lg.ctx, `INSERT INTO entries (id, loan_id, borrower_id, kind, value_date, amount, installment,
		new_date, decision, decision_date, reverses, ref, note, posted_at, user_name, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.id, nullID(r.loanID), r.borrowerID, r.kind, r.valueDate, r.amount, r.installment, r.newDate, r.decision,
		r.decisionDate, nullID(r.reverses), r.ref, r.note, r.at, r.user, hash); err != nil {
		return 0, err
	}
	h.advance(r.id, hash)
	return r.id, nil
}

// chainTriggers are the triggers that refuse edits of a chained table; ensureChains lifts them
// while it hashes the rows written before the chains existed.
func chainTriggers(ctx context.Context, tx *sql.Tx, table string) (names, stmts []string, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?
		AND name = ? ORDER BY name`, table, table+"_no_update")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			return nil, nil, err
		}
		names, stmts = append(names, name), append(stmts, q)
	}
	return names, stmts, rows.Err()
}

// liftChainTriggers lifts the trigger that refuses edits of a chained table, for the length of
// the transaction, and returns the statements that put it back: SQLite drops it and creates it
// again from its text; PostgreSQL disables and enables it.
func (s *Store) liftChainTriggers(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	if s.pg {
		alter := `ALTER TABLE ` + table + ` %s TRIGGER ` + table + `_no_update`
		_, err := tx.ExecContext(ctx, fmt.Sprintf(alter, "DISABLE"))
		return []string{fmt.Sprintf(alter, "ENABLE")}, err
	}
	names, stmts, err := chainTriggers(ctx, tx, table)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+name+`"`); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}

// ensureChains hashes, in one transaction, the rows of a chain that has no head yet: the rows
// written before migration 0013. Only rows with no hash get one; a row that has a hash keeps
// it, so removing a head cannot make an edited row's hash new again.
func (s *Store) ensureChains(ctx context.Context) (err error) {
	// From here on, every write on PostgreSQL queues on the heads (Store.tryTx).
	defer func() { s.queued = err == nil && s.pg }()
	var missing int
	if err := s.db.QueryRowContext(ctx, `SELECT 2 - count(*) FROM chain_heads`).Scan(&missing); err != nil {
		return mapErr(err)
	}
	if missing == 0 {
		return nil
	}
	return s.system(ctx, func(tx *sql.Tx, st stamp) error {
		for _, chain := range []string{entriesChain, auditChain} {
			if ok, err := exists(ctx, tx, `SELECT 1 FROM chain_heads WHERE chain = ?`, chain); err != nil || ok {
				return err
			}
			stmts, err := s.liftChainTriggers(ctx, tx, chain)
			if err != nil {
				return err
			}
			last, hash, err := hashExisting(ctx, tx, chain)
			if err != nil {
				return err
			}
			for _, q := range stmts {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO chain_heads (chain, last_id, hash) VALUES (?, ?, ?)`,
				chain, last, hash); err != nil {
				return err
			}
		}
		return nil
	})
}

// hashBatch bounds the rows held in memory while an existing chain is hashed: a large office
// has millions of entries.
const hashBatch = 20000

// hashExisting walks a chain in id order, a batch at a time, gives a hash to each row that has
// none and returns the last row's id and hash.
func hashExisting(ctx context.Context, tx *sql.Tx, chain string) (lastID int64, prev string, err error) {
	var buf []byte
	update, err := tx.PrepareContext(ctx, `UPDATE `+chain+` SET hash = ? WHERE id = ?`)
	if err != nil {
		return 0, "", err
	}
	defer update.Close()
	for {
		var ids []int64
		var hashes []string
		n := 0
		err := walkChain(ctx, tx, chain, `WHERE id > ? ORDER BY id LIMIT `+strconv.Itoa(hashBatch), []any{lastID},
			func(id int64, stored string, hash func(prev string) string) error {
				n++
				if stored == "" {
					stored = hash(prev)
					ids, hashes = append(ids, id), append(hashes, stored)
				}
				lastID, prev = id, stored
				return nil
			}, &buf)
		if err != nil {
			return 0, "", err
		}
		for i, id := range ids {
			if _, err := update.ExecContext(ctx, hashes[i], id); err != nil {
				return 0, "", err
			}
		}
		if n < hashBatch {
			return lastID, prev, nil
		}
	}
}

// walkChain calls fn for each row of a chain that tail selects, with the row's stored hash and
// a function that hashes the row's fields after a given previous hash.
func walkChain(ctx context.Context, tx *sql.Tx, chain, tail string, args []any,
	fn func(id int64, stored string, hash func(prev string) string) error, buf *[]byte) error {
	if chain == auditChain {
		rows, err := tx.QueryContext(ctx, `SELECT id, at, user_name, entity, entity_id, action, before_json, after_json, hash
			FROM audit `+tail, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var r auditRow
		hash := func(prev string) string { return r.hash(buf, prev) }
		for rows.Next() {
			var stored string
			if err := rows.Scan(&r.id, &r.at, &r.user, &r.entity, &r.entityID, &r.action, &r.before, &r.after, &stored); err != nil {
				return err
			}
			if err := fn(r.id, stored, hash); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, coalesce(loan_id, 0), borrower_id, kind, value_date, amount, installment,
		new_date, decision, decision_date, coalesce(reverses, 0), ref, note, posted_at, user_name, hash FROM entries `+tail, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r entryRow
	hash := func(prev string) string { return r.hash(buf, prev) }
	for rows.Next() {
		var stored string
		if err := rows.Scan(&r.id, &r.loanID, &r.borrowerID, &r.kind, &r.valueDate, &r.amount, &r.installment, &r.newDate,
			&r.decision, &r.decisionDate, &r.reverses, &r.ref, &r.note, &r.at, &r.user, &stored); err != nil {
			return err
		}
		if err := fn(r.id, stored, hash); err != nil {
			return err
		}
	}
	return rows.Err()
}

// The check reads every row of a chain: 4 million entries on a large office. Rather than
// scanning each field into Go, SQLite writes a row's fields in the very encoding hashRow uses
// (integers each ended by ';', then each string as its byte length, ':' and its bytes), and Go
// only adds the previous hash and hashes: two values cross from SQLite per row instead of
// sixteen. The encodings must agree byte for byte; any difference would show as a broken
// chain on a sound office, which every check test would catch.
const (
	entryFieldsSQL = `id || ';' || coalesce(loan_id, 0) || ';' || borrower_id || ';' || amount || ';' || installment || ';' ||
		coalesce(reverses, 0) || ';' || ` + `octet_length(kind) || ':' || kind || octet_length(value_date) || ':' || value_date ||
		octet_length(new_date) || ':' || new_date || octet_length(decision) || ':' || decision ||
		octet_length(decision_date) || ':' || decision_date || octet_length(ref) || ':' || ref || octet_length(note) || ':' || note ||
		octet_length(posted_at) || ':' || posted_at || octet_length(user_name) || ':' || user_name`
	auditFieldsSQL = `id || ';' || octet_length(at) || ':' || at || octet_length(user_name) || ':' || user_name ||
		octet_length(entity) || ':' || entity || octet_length(entity_id) || ':' || entity_id || octet_length(action) || ':' || action ||
		octet_length(before_json) || ':' || before_json || octet_length(after_json) || ':' || after_json`
)

// chainRange is a stretch of a chain's ids, checked on its own: a row's hash is checked
// against the stored hash of the row before it, so stretches can be checked side by side and
// the first row that breaks is the smallest any stretch reports.
type chainRange struct {
	chain    string
	from, to int64 // ids, both included
	broken   int64 // the first row whose hash does not follow; 0 when all do
}

// verify checks the stretch's rows in id order and notes the first whose stored hash is not
// the hash of its fields after the stored hash of the row before it.
func (c *chainRange) verify(ctx context.Context, tx *sql.Tx) error {
	prev := ""
	err := tx.QueryRowContext(ctx, `SELECT hash FROM `+c.chain+` WHERE id < ? ORDER BY id DESC LIMIT 1`, c.from).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	fields := entryFieldsSQL
	if c.chain == auditChain {
		fields = auditFieldsSQL
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, hash, `+fields+` FROM `+c.chain+` WHERE id BETWEEN ? AND ? ORDER BY id`, c.from, c.to)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	var stored, encoded sql.RawBytes
	var buf []byte
	var hexSum [2 * sha256.Size]byte
	for rows.Next() {
		if err := rows.Scan(&id, &stored, &encoded); err != nil {
			return err
		}
		buf = appendString(buf[:0], prev)
		buf = append(buf, encoded...)
		sum := sha256.Sum256(buf)
		hex.Encode(hexSum[:], sum[:])
		if len(stored) == 0 || string(hexSum[:]) != string(stored) {
			c.broken = id
			return nil
		}
		prev = string(stored)
	}
	return rows.Err()
}

// chainRanges splits a chain's ids up to upTo (0: all) into n stretches of about equal size.
func chainRanges(ctx context.Context, tx *sql.Tx, chain string, upTo int64, n int) ([]*chainRange, error) {
	var lo, hi int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM `+chain).Scan(&lo, &hi); err != nil {
		return nil, err
	}
	if upTo > 0 {
		hi = min(hi, upTo)
	}
	if hi < lo || hi == 0 {
		return nil, nil
	}
	n = max(1, min(n, int(hi-lo+1)))
	step := (hi - lo + 1 + int64(n) - 1) / int64(n)
	var out []*chainRange
	for from := lo; from <= hi; from += step {
		out = append(out, &chainRange{chain: chain, from: from, to: min(from+step-1, hi)})
	}
	return out, nil
}

// firstBroken is the first row that breaks over all the stretches of a chain, or 0.
func firstBroken(parts []*chainRange) int64 {
	var first int64
	for _, p := range parts {
		if p.broken != 0 && (first == 0 || p.broken < first) {
			first = p.broken
		}
	}
	return first
}

// chainProblems turns a chain's checked stretches and its kept head into the problems check
// reports: the first row that breaks, or else a head that does not name the last row.
func chainProblems(ctx context.Context, tx *sql.Tx, chain string, parts []*chainRange) ([]*data.Error, error) {
	// Literal fields, one a chain, so that each message names the table it is about.
	broken := func(id int64) *data.Error { return data.Invalid("ledger", "check_chain", "ID", id) }
	badHead := func(id, last int64) *data.Error {
		return data.Invalid("ledger", "check_chain_head", "ID", id, "Last", last)
	}
	if chain == auditChain {
		broken = func(id int64) *data.Error { return data.Invalid("audit", "check_chain", "ID", id) }
		badHead = func(id, last int64) *data.Error {
			return data.Invalid("audit", "check_chain_head", "ID", id, "Last", last)
		}
	}
	if id := firstBroken(parts); id != 0 {
		return []*data.Error{broken(id)}, nil
	}
	var lastID int64
	last := ""
	err := tx.QueryRowContext(ctx, `SELECT id, hash FROM `+chain+` ORDER BY id DESC LIMIT 1`).Scan(&lastID, &last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var headID int64
	var headHash string
	err = tx.QueryRowContext(ctx, `SELECT last_id, hash FROM chain_heads WHERE chain = ?`, chain).Scan(&headID, &headHash)
	if errors.Is(err, sql.ErrNoRows) {
		return []*data.Error{badHead(0, lastID)}, nil
	} else if err != nil {
		return nil, err
	}
	if headID != lastID || headHash != last {
		return []*data.Error{badHead(headID, lastID)}, nil
	}
	return nil, nil
}

// protectingTriggers are the triggers the schema must have: each refuses an edit that would
// falsify the records, or keeps a chain's head. One that is missing was dropped to edit them.
var protectingTriggers = []string{
	"audit_chain_head", "audit_no_delete", "audit_no_update",
	"capital_entries_no_delete", "capital_entries_no_update", "capital_loans_no_update", "capital_pools_no_delete",
	"collection_batches_no_delete", "collection_batches_no_update",
	"collection_cash_no_delete", "collection_cash_no_update",
	"collection_reversals_no_delete", "collection_reversals_no_update",
	"entries_chain_head", "entries_no_delete", "entries_no_update",
	"requests_decided_final", "requests_no_delete",
	"rating_decisions_no_delete", "rating_decisions_no_update",
	"settlement_fees_no_delete", "settlement_fees_no_update", "settlement_groups_no_delete", "settlement_groups_no_update",
	"settlement_payments_no_delete", "settlement_payments_no_update",
	"settlement_reversals_no_delete", "settlement_reversals_no_update",
	"settlements_no_delete", "settlements_no_update", "settlements_once",
}

// checkTriggers reports each protecting trigger missing from the schema, and each whose text
// is not the one its migration wrote: a trigger put back with an empty body protects nothing.
func checkTriggers(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	want, err := protectingTriggerSQL()
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]string{}
	for rows.Next() {
		var name string
		var text sql.NullString
		if err := rows.Scan(&name, &text); err != nil {
			return nil, err
		}
		have[name] = collapseSpace(text.String)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var problems []*data.Error
	for _, name := range protectingTriggers {
		text, ok := have[name]
		switch {
		case !ok:
			problems = append(problems, data.Invalid("database", "check_trigger", "Name", name))
		case text != want[name]:
			problems = append(problems, data.Invalid("database", "check_trigger_changed", "Name", name))
		}
	}
	return problems, nil
}

// checkTriggersPG is checkTriggers on PostgreSQL: each protecting trigger must exist on its
// table and be enabled (ALTER TABLE … DISABLE TRIGGER would switch it off without dropping
// it). Whether its function was replaced is not compared yet (docs/postgres.md).
func checkTriggersPG(ctx context.Context, tx *sql.Tx) ([]*data.Error, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.tgname, t.tgenabled <> 'D' FROM pg_trigger t
		JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT t.tgisinternal AND n.nspname = current_schema()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	enabled := map[string]bool{}
	for rows.Next() {
		var name string
		var on bool
		if err := rows.Scan(&name, &on); err != nil {
			return nil, err
		}
		enabled[name] = on
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var problems []*data.Error
	for _, name := range protectingTriggers {
		on, ok := enabled[name]
		switch {
		case !ok:
			problems = append(problems, data.Invalid("database", "check_trigger", "Name", name))
		case !on:
			problems = append(problems, data.Invalid("database", "check_trigger_changed", "Name", name))
		}
	}
	return problems, nil
}

// LedgerHead is the hash of the ledger's last entry, hex encoded ("" on an empty ledger): a
// user notes its first digits to prove later, with FindAnchor, that the ledger still holds
// this state.
func (s *Store) LedgerHead(ctx context.Context) (string, error) {
	var hash string
	err := s.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT hash FROM chain_heads WHERE chain = ?`, entriesChain).Scan(&hash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return hash, err
}

// FindAnchor proves that the ledger still holds the state a noted head stood for: it finds
// the first entry whose hash begins with anchor (at least 12 hex digits) and checks the chain
// from the first entry up to it. It returns that entry's ID; an anchor that no intact entry
// carries is an error naming the anchor.
func (s *Store) FindAnchor(ctx context.Context, anchor string) (int64, error) {
	anchor = strings.ToLower(strings.TrimSpace(anchor))
	if len(anchor) < AnchorDigits || strings.Trim(anchor, "0123456789abcdef") != "" {
		return 0, data.Invalid("anchor", "anchor_format", "Min", AnchorDigits)
	}
	var found int64
	var parts []*chainRange
	workers := checkWorkers()
	err := s.inSnapshot(ctx, workers, func(tx *sql.Tx) ([]func(*sql.Tx) error, error) {
		// SQLite finds the candidate; the chain up to it is then checked, stretches side by side.
		var candidate sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT min(id) FROM entries WHERE substr(hash, 1, ?) = ?`,
			len(anchor), anchor).Scan(&candidate); err != nil {
			return nil, err
		}
		found = candidate.Int64
		var err error
		if parts, err = chainRanges(ctx, tx, entriesChain, found, 2*workers); err != nil {
			return nil, err
		}
		tasks := make([]func(*sql.Tx) error, len(parts))
		for i, p := range parts {
			tasks[i] = func(tx *sql.Tx) error { return p.verify(ctx, tx) }
		}
		return tasks, nil
	}, nil)
	if err != nil {
		return 0, err
	}
	// The state noted is only proven by an unbroken chain up to it.
	if id := firstBroken(parts); id != 0 {
		return 0, data.Invalid("anchor", "anchor_broken", "Value", anchor, "ID", id)
	}
	if found == 0 {
		return 0, data.Invalid("anchor", "anchor_not_found", "Value", anchor)
	}
	return found, nil
}
