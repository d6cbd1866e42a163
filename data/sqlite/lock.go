package sqlite

import (
	"errors"
	"os"

	"policycredit/data"
)

// The desktop app holds a lock on "<office>.lock" while it has the office open, so that a
// second copy of the app says the office is already open instead of working beside it, and a
// restore is refused while the office is open anywhere on this PC. The OS releases the lock
// when the process ends, however it ends: a crash leaves no stale lock.

// errLocked is what tryLock returns when another process holds the lock.
var errLocked = errors.New("locked")

// Lock is the app's hold on an office file.
type Lock struct{ f *os.File }

// LockOffice takes the lock of the office at path; an office open in another process is
// refused with Conflict("database", "open_elsewhere").
func LockOffice(path string) (*Lock, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, data.Conflict("database", "open_elsewhere")
		}
		return nil, err
	}
	return &Lock{f}, nil
}

// Release lets another process open the office.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the descriptor releases the lock
	l.f = nil
	return err
}
