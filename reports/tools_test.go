package reports

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"policycredit/data"
)

// The PDF checks run the real poppler and qpdf tools on real files. A missing tool is a
// failure, not a skip: `make deps` installs them, and a skipped check proves nothing.
func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: the report tests need poppler-utils (pdftotext, pdffonts, pdfinfo) and qpdf; run `make deps`", name)
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pageText extracts one page (1-based) with pdftotext -layout; no-break spaces become
// plain ones so that expectations can be written with ordinary spaces.
func pageText(t *testing.T, file string, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	return strings.ReplaceAll(tool(t, "pdftotext", "-layout", "-f", p, "-l", p, file, "-"), "\u00a0", " ")
}

func allText(t *testing.T, file string) string {
	t.Helper()
	return strings.ReplaceAll(tool(t, "pdftotext", "-layout", file, "-"), "\u00a0", " ")
}

// pdfInfo returns the page count and the first page's size line from pdfinfo.
func pdfInfo(t *testing.T, file string) (pages int, size string) {
	t.Helper()
	for _, line := range strings.Split(tool(t, "pdfinfo", file), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "Pages":
			pages, _ = strconv.Atoi(v)
		case "Page size":
			size = v
		}
	}
	if pages == 0 {
		t.Fatalf("pdfinfo found no pages in %s", file)
	}
	return pages, size
}

// checkSound runs qpdf --check and pdffonts: the file must be sound and every font embedded.
func checkSound(t *testing.T, file string) {
	t.Helper()
	if out := tool(t, "qpdf", "--check", file); !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check %s:\n%s", file, out)
	}
	out := tool(t, "pdffonts", file)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	fonts := 0
	for _, line := range lines[2:] { // a title line and a rule line come first
		f := strings.Fields(line)
		// name type… encoding emb sub uni object-number generation
		if len(f) < 7 {
			t.Errorf("pdffonts line not understood: %q", line)
			continue
		}
		fonts++
		if emb := f[len(f)-5]; emb != "yes" {
			t.Errorf("font %s is not embedded (emb %q)", f[0], emb)
		}
		if uni := f[len(f)-3]; uni != "yes" {
			t.Errorf("font %s has no ToUnicode map, so its text cannot be extracted", f[0])
		}
	}
	if fonts == 0 {
		t.Errorf("pdffonts lists no font:\n%s", out)
	}
}

func writeFile(t *testing.T, name string, write func(w io.Writer) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(f); err != nil {
		f.Close()
		t.Fatalf("writing %s: %v", name, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	testOffice = data.Office{
		Name:     "Phòng giao dịch NHCSXH huyện Quỳnh Lưu",
		Branch:   "Chi nhánh NHCSXH tỉnh Nghệ An",
		Province: "Nghệ An",
	}
	testCreated = time.Date(2025, 12, 1, 7, 30, 0, 0, time.UTC)
)

const (
	a4Portrait  = "595.28 x 841.89 pts (A4)"
	a4Landscape = "841.89 x 595.28 pts (A4)"
)
