package sqlite

import (
	"context"
	"database/sql"
)

// execer runs a statement: a *sql.Tx, or a stmtCache over one.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// stmtCache prepares each statement once for a whole transaction. An import inserts the same
// few statements hundreds of thousands of times (loans, installments, entries, balances);
// preparing each anew cost more than running it.
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache { return &stmtCache{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := c.stmts[query]
	if !ok {
		var err error
		if st, err = c.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		c.stmts[query] = st
	}
	return st.ExecContext(ctx, args...)
}

// close releases the statements; the transaction would close them anyway when it ends.
func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
}
