package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"

	"policycredit/data"
)

// What the command line needs of the store beyond the screens (issue 17).

// CheckBackupFile refuses, before anything is asked or moved, a file that Restore would refuse
// as a backup of this office: the database itself, a missing file, or one that is not a
// sound database of this app. A restore request is made only for a file that can be restored.
func CheckBackupFile(ctx context.Context, current, from string) error {
	ca, err1 := filepath.Abs(current)
	fa, err2 := filepath.Abs(from)
	if err1 != nil || err2 != nil || ca == fa {
		return data.Invalid("backup.file", "same_file")
	}
	if st, err := os.Stat(fa); err != nil || !st.Mode().IsRegular() {
		return data.NotFound("backup.file", "Path", from)
	}
	src, err := openDB(fa, "mode=ro&_query_only=1&_busy_timeout=5000")
	if err != nil {
		return notABackup()
	}
	defer src.Close()
	return checkBackup(ctx, src)
}

// RecordBackup audits that ctx's user copied the whole office, personal data included, to a
// file. It is its own action (backup), not RecordExport's: the administrator makes backups
// without being allowed to read households' data on a screen.
func (s *Store) RecordBackup(ctx context.Context, file string) error {
	return s.write(ctx, data.ActBackup, func(tx *sql.Tx, st stamp) error {
		return audit(ctx, tx, st, "export", "backup", "export", nil, map[string]string{"file": file})
	})
}
