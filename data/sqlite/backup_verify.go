package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"policycredit/data"
)

// A backup counts only once its copy passed the same check as `policycredit check`
// (integrity, the ledger's invariants and hash chains, the kept balances): a damaged office
// makes no backup, so the rotation never replaces a good copy by a damaged one. Each verified
// backup has a ".verified" note beside it with when it was verified, its size and its ledger
// head; Backups reads them for Settings.

const verifiedSuffix = ".verified"

// verifiedNote is what the ".verified" file beside a backup holds.
type verifiedNote struct {
	VerifiedAt time.Time `json:"verified_at"`
	Size       int64     `json:"size"`
	LedgerHead string    `json:"ledger_head"`
}

// verifiedCopy checks the copy at tmp (a plain file, not yet in place): a problem refuses the
// backup, naming the first problems.
func verifiedCopy(ctx context.Context, tmp string) (verifiedNote, error) {
	ro, err := openDB(tmp, "mode=ro&_query_only=1&_busy_timeout=5000")
	if err != nil {
		return verifiedNote{}, err
	}
	defer ro.Close()
	c := &Store{path: tmp, db: ro, rdb: ro}
	problems, err := c.Check(ctx)
	if err != nil {
		return verifiedNote{}, err
	}
	if len(problems) > 0 {
		return verifiedNote{}, data.Invalid("backup", "source_damaged", "Problems", len(problems))
	}
	head, err := c.LedgerHead(ctx)
	if err != nil {
		return verifiedNote{}, err
	}
	fi, err := os.Stat(tmp)
	if err != nil {
		return verifiedNote{}, err
	}
	return verifiedNote{VerifiedAt: time.Now().UTC(), Size: fi.Size(), LedgerHead: head}, nil
}

// backupVerified copies the office to dest through a temporary file, checks the copy, and
// only then puts it and its note in place.
func (s *Store) backupVerified(ctx context.Context, dest string) error {
	dir := filepath.Dir(dest)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	tmp := dest + ".unverified"
	os.Remove(tmp)
	if err := copyDatabase(ctx, s.rdb, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer os.Remove(tmp) // gone after the rename; left only when the copy was refused
	note, err := verifiedCopy(ctx, tmp)
	if err != nil {
		if data.DomainErrors(err) != nil {
			return err
		}
		return data.Invalid("backup", "source_damaged", "Problems", 1)
	}
	b, err := json.Marshal(note)
	if err != nil {
		return err
	}
	// The note first: a backup in place always has its note; a note without its backup is
	// ignored by Backups.
	if err := writeFileSynced(dest+verifiedSuffix, b); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(dest + verifiedSuffix)
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	return syncDir(dir)
}

// writeFileSynced writes a small file readable by the OS user alone and flushes it to disk.
func writeFileSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a folder's entries, so that a rename survives a power cut. Windows has no
// such call for folders; there it is a no-op.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		// FlushFileBuffers refuses a folder ("Access is denied", in the system's language).
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// Backups lists the backups in dir, newest first: the automatic ones and any other office
// copy with a ".db" name, each with whether it was verified when it was made.
func Backups(dir string) ([]data.BackupInfo, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []data.BackupInfo
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), backupSuffix) {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		b := data.BackupInfo{Path: filepath.Join(dir, e.Name()), At: fi.ModTime(), Size: fi.Size()}
		if t, err := backupTime(e.Name(), time.Local); err == nil {
			b.At = t
		}
		b.Verified = isVerified(b.Path, fi.Size())
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}

func isVerified(path string, size int64) bool {
	raw, err := os.ReadFile(path + verifiedSuffix)
	if err != nil {
		return false
	}
	var n verifiedNote
	return json.Unmarshal(raw, &n) == nil && n.Size == size && !n.VerifiedAt.IsZero()
}

// rotationKeeps says which automatic backups (names oldest first, verified ones only) the
// rotation keeps: the newest daily ones, one a day for the last days, and the newest of
// each of the last months.
func rotationKeeps(names []string, days, months int, loc *time.Location) map[string]bool {
	keep := map[string]bool{}
	seenDay, seenMonth := map[string]bool{}, map[string]bool{}
	for i := len(names) - 1; i >= 0; i-- {
		t, err := backupTime(names[i], loc)
		if err != nil {
			keep[names[i]] = true // not ours to judge
			continue
		}
		day, month := t.Format("2006-01-02"), t.Format("2006-01")
		if !seenDay[day] && len(seenDay) < days {
			seenDay[day] = true
			keep[names[i]] = true
		}
		if !seenMonth[month] && len(seenMonth) < months {
			seenMonth[month] = true
			keep[names[i]] = true
		}
	}
	return keep
}

// backupTime is when a backup named name was made, read from its name.
func backupTime(name string, loc *time.Location) (time.Time, error) {
	return time.ParseInLocation(backupStamp, strings.TrimSuffix(strings.TrimPrefix(name, backupPrefix), backupSuffix), loc)
}
