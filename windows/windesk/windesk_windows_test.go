package windesk

import (
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// tempDir is a fresh folder. Wine 8 cannot run Go 1.26's os.RemoveAll (it lacks the file
// information class it uses), so the folder is removed on a best-effort basis, in a test
// prefix that is thrown away anyway.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "windesk")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// underWine tells whether the test runs under Wine, which keeps no file permissions of its
// own on a Unix file system.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

func TestDataDirIsInTheLocalProfile(t *testing.T) {
	local := filepath.Join(tempDir(t), "Nguyễn Văn A", "AppData", "Local")
	t.Setenv("LOCALAPPDATA", local)
	if got, want := DataDir(), filepath.Join(local, "PolicyCredit"); got != want {
		t.Errorf("DataDir() = %s, want %s", got, want)
	}
}

// checkPrivate fails unless dacl has entries and every one grants sid, and is passed to what
// is made inside.
func checkPrivate(t *testing.T, what string, dacl *windows.ACL, sid *windows.SID) {
	t.Helper()
	if dacl == nil || dacl.AceCount == 0 {
		t.Fatalf("%s: the access list is empty: nobody may open the office", what)
	}
	for i := uint32(0); i < uint32(dacl.AceCount); i++ {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			t.Fatal(err)
		}
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE {
			t.Errorf("%s: entry %d is of type %d, not an access grant", what, i, ace.Header.AceType)
		}
		if got := (*windows.SID)(unsafe.Pointer(&ace.SidStart)); !got.Equals(sid) {
			t.Errorf("%s: entry %d grants %s access, not only the current user %s", what, i, got, sid)
		}
		if ace.Header.AceFlags&windows.OBJECT_INHERIT_ACE == 0 || ace.Header.AceFlags&windows.CONTAINER_INHERIT_ACE == 0 {
			t.Errorf("%s: entry %d is not passed to files and folders made inside", what, i)
		}
	}
}

// The folder a new office is made in grants the current user, and nobody else, access, and
// passes it to what is made inside; an existing folder keeps its permissions.
func TestMakePrivateDirGrantsOnlyTheCurrentUser(t *testing.T) {
	me, err := currentSID()
	if err != nil {
		t.Fatal(err)
	}
	dacl, err := privateDACL(me)
	if err != nil {
		t.Fatal(err)
	}
	checkPrivate(t, "the list made", dacl, me)

	dir := filepath.Join(tempDir(t), "Dữ liệu", "PolicyCredit")
	if err := MakePrivateDir(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "policycredit.db"), []byte("x"), 0o600); err != nil {
		t.Fatalf("the office cannot be written in its folder: %v", err)
	}
	if underWine() {
		t.Log("under Wine: the folder's permissions are not read back (Wine keeps none)")
		return
	}
	sd, err := windows.GetNamedSecurityInfo(dir, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	if control, _, err := sd.Control(); err != nil || control&windows.SE_DACL_PROTECTED == 0 {
		t.Errorf("the folder inherits permissions from its parent (%v)", err)
	}
	got, _, err := sd.DACL()
	if err != nil {
		t.Fatal(err)
	}
	checkPrivate(t, "the folder", got, me)

	// An existing folder is left alone.
	open := filepath.Join(tempDir(t), "Văn phòng")
	if err := os.Mkdir(open, 0o755); err != nil {
		t.Fatal(err)
	}
	before, _ := windows.GetNamedSecurityInfo(open, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err := MakePrivateDir(open); err != nil {
		t.Fatal(err)
	}
	after, _ := windows.GetNamedSecurityInfo(open, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if before.String() != after.String() {
		t.Errorf("an existing folder's permissions changed from %s to %s", before, after)
	}
}

func TestUserNameDropsTheDomain(t *testing.T) {
	for account, want := range map[string]string{
		`PGD-HOANGHOA\Nguyễn Văn A`: "Nguyễn Văn A",
		`NHCSXH\ketoan`:             "ketoan",
		"thuquy":                    "thuquy",
		`MAY-01\`:                   "",
	} {
		if got := UserName(account); got != want {
			t.Errorf("UserName(%q) = %q, want %q", account, got, want)
		}
	}
	if u, err := user.Current(); err == nil && strings.Contains(UserName(u.Username), `\`) {
		t.Errorf("the current user shows as %q", UserName(u.Username))
	}
}

// A report saved under a Vietnamese name in a folder with spaces reaches its viewer whole.
// Under Wine the viewer is the Unix program winebrowser hands files to: make windows-check
// points it at a script that appends what it receives to WINDESK_OPENED (a Unix path). On
// Windows, with no such log, the test only checks that ShellOpen refuses a missing file.
func TestShellOpenHandsTheViewerTheWholePath(t *testing.T) {
	if err := ShellOpen(filepath.Join(tempDir(t), "không có.pdf")); err == nil {
		t.Error("opening a missing file reports no error")
	}
	record := os.Getenv("WINDESK_OPENED")
	if record == "" || !underWine() {
		t.Skip("no viewer to watch: set WINDESK_OPENED under Wine (make windows-check)")
	}
	dir := filepath.Join(tempDir(t), "Dữ liệu", "Báo cáo")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// winebrowser passes a file:// URL of the Unix path, percent-encoded.
	log := `Z:` + strings.ReplaceAll(record, "/", `\`)
	opened := func(pdf string) {
		t.Helper()
		if err := os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := ShellOpen(pdf); err != nil {
			t.Fatalf("opening %s: %v", pdf, err)
		}
		want := url.PathEscape(filepath.Base(pdf))
		deadline := time.Now().Add(20 * time.Second)
		for {
			b, _ := os.ReadFile(log)
			if strings.Contains(string(b), want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the viewer was not handed %s (it received %q)", pdf, b)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	opened(filepath.Join(dir, "Báo cáo tháng 6 — Nguyễn Văn A.pdf"))
	// An office deep enough that its reports' paths pass 260 characters.
	deep := filepath.Join(dir, strings.TrimSpace(strings.Repeat("Sổ sách của tổ tiết kiệm và vay vốn ", 3)),
		strings.TrimSpace(strings.Repeat("Hồ sơ các hộ vay năm 2026 ", 4)))
	if err := os.MkdirAll(deep, 0o700); err != nil {
		t.Fatal(err)
	}
	long := filepath.Join(deep, "Sao kê tài khoản vay vốn của hộ Nguyễn Văn A.pdf")
	if n := len(windows.StringToUTF16(long)); n <= windows.MAX_PATH {
		t.Fatalf("the long path has only %d characters", n)
	}
	opened(long)
}
