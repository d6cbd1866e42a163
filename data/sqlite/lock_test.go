package sqlite

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"policycredit/data"
)

func TestASecondHolderOfTheOfficeIsRefused(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "office.db")
	l, err := LockOffice(path)
	must(t, err)
	// flock locks belong to the open file description: a second open in this process is
	// refused as another process's would be.
	if _, err := LockOffice(path); err == nil || data.DomainErrors(err)[0].Rule != "open_elsewhere" {
		t.Errorf("second lock: %v", err)
	}
	// Another process sees it too.
	if flock, err := exec.LookPath("flock"); err == nil {
		if err := exec.Command(flock, "-n", path+".lock", "true").Run(); err == nil {
			t.Error("another process took the lock")
		}
	}
	must(t, l.Release())
	again, err := LockOffice(path)
	must(t, err)
	must(t, again.Release())
	if _, err := os.Stat(path + ".lock"); err != nil {
		t.Errorf("lock file: %v", err)
	}
}
