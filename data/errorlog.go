package data

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// ErrorLog keeps the causes of unexpected errors beside the office's database, so that a
// message "an unexpected error occurred" can name where the cause was written. It holds no
// personal data: digit runs long enough to be an ID number or a phone are blotted out, and
// quoted values are dropped. It is rotated at ErrorLogMax bytes, keeping one older file.
type ErrorLog struct {
	Path string
}

// errorLogMu serialises Record across the process: each caller makes its own ErrorLog, and
// a rotation must not move the file under another's write.
var errorLogMu sync.Mutex

// ErrorLogMax is the size at which the log starts anew, keeping the previous one as ".1".
const ErrorLogMax = 1 << 20

// ErrorLogFor is the log of the office at db: "<db>.errors.log".
func ErrorLogFor(db string) *ErrorLog { return &ErrorLog{Path: db + ".errors.log"} }

var (
	longDigits = regexp.MustCompile(`\d{7,}`)
	quoted     = regexp.MustCompile(`"[^"]*"|'[^']*'|“[^”]*”`)
)

// scrub removes what could identify a person from an error's text.
func scrub(s string) string {
	s = quoted.ReplaceAllString(s, `"…"`)
	return longDigits.ReplaceAllString(s, "#")
}

// Record appends the error with the time and what was being done; it returns the log's path,
// or "" when the log could not be written (the message then names no file).
func (l *ErrorLog) Record(doing string, err error) string {
	if l == nil || err == nil {
		return ""
	}
	errorLogMu.Lock()
	defer errorLogMu.Unlock()
	if fi, e := os.Stat(l.Path); e == nil && fi.Size() > ErrorLogMax {
		os.Rename(l.Path, l.Path+".1")
	}
	if e := os.MkdirAll(filepath.Dir(l.Path), 0o700); e != nil {
		return ""
	}
	f, e := os.OpenFile(l.Path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if e != nil {
		return ""
	}
	defer f.Close()
	line := fmt.Sprintf("%s\t%s\t%s\n", time.Now().UTC().Format(time.RFC3339), scrub(doing),
		strings.ReplaceAll(scrub(err.Error()), "\n", " | "))
	if _, e := f.WriteString(line); e != nil {
		return ""
	}
	return l.Path
}
