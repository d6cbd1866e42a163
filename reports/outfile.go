package reports

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"policycredit/data"
)

// Protected are the files an output must never replace: the office's database with its -wal,
// -shm and lock files, and the backups.
type Protected struct {
	Files []string // each also protects its -wal, -shm and .lock companions
	Dirs  []string // every file inside (the backups folder)
}

// ProtectOffice protects an office file and its backups folder.
func ProtectOffice(db, backups string) Protected {
	p := Protected{Files: []string{db}}
	if backups != "" {
		p.Dirs = append(p.Dirs, backups)
	}
	return p
}

// CheckOutput refuses an output path that is, or leads to (through symbolic or hard links),
// a protected file or a file in a protected folder, and anything but a regular file or a new
// name in an existing folder (a folder, a device such as /dev/full, a pipe).
func CheckOutput(path string, p Protected) error {
	if strings.TrimSpace(path) == "" {
		return data.Invalid("output.file", "required")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return data.Invalid("output.file", "bad_path", "Path", path)
	}
	target := abs
	fi, err := os.Stat(abs) // follows symbolic links
	switch {
	case err == nil:
		if !fi.Mode().IsRegular() {
			if fi.IsDir() {
				return data.Invalid("output.file", "is_folder", "Path", path)
			}
			return data.Invalid("output.file", "not_regular", "Path", path)
		}
		if t, err := filepath.EvalSymlinks(abs); err == nil {
			target = t
		}
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(abs)
		di, err := os.Stat(dir)
		if err != nil || !di.IsDir() {
			return data.NotFound("output.folder", "Folder", filepath.Dir(path))
		}
		if d, err := filepath.EvalSymlinks(dir); err == nil {
			target = filepath.Join(d, filepath.Base(abs))
		}
	default:
		return data.Invalid("output.file", "bad_path", "Path", path)
	}
	for _, f := range p.Files {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal", ".lock"} {
			if sameFile(target, fi, f+suffix) {
				return data.Forbidden("output.file", "is_office", "Path", path)
			}
		}
	}
	for _, d := range p.Dirs {
		dd, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		if rd, err := filepath.EvalSymlinks(dd); err == nil {
			dd = rd
		}
		if filepath.Dir(target) == dd {
			return data.Forbidden("output.file", "is_backup", "Path", path)
		}
		if fi != nil {
			entries, _ := os.ReadDir(dd)
			for _, e := range entries {
				if sameFile(target, fi, filepath.Join(dd, e.Name())) {
					return data.Forbidden("output.file", "is_backup", "Path", path)
				}
			}
		}
	}
	return nil
}

// sameFile says whether target (with its FileInfo when it exists) is the file at other: the
// same path, or the same file through a hard link.
func sameFile(target string, fi os.FileInfo, other string) bool {
	oa, err := filepath.Abs(other)
	if err != nil {
		return false
	}
	if r, err := filepath.EvalSymlinks(oa); err == nil {
		oa = r
	} else if d, err := filepath.EvalSymlinks(filepath.Dir(oa)); err == nil {
		oa = filepath.Join(d, filepath.Base(oa))
	}
	if oa == target {
		return true
	}
	if fi == nil {
		return false
	}
	oi, err := os.Stat(oa)
	return err == nil && os.SameFile(fi, oi)
}

// WriteFile writes an output file that may hold personal data: checked by CheckOutput, written
// to a temporary file in the same folder, readable by the OS user alone (0600), flushed, then
// renamed into place, so a failed write leaves the old file as it was and never a half file.
func WriteFile(path string, p Protected, write func(io.Writer) error) error {
	if err := CheckOutput(path, p); err != nil {
		return err
	}
	abs, _ := filepath.Abs(path)
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // gone after the rename
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(name, abs)
}
