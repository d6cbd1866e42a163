// Package windesk is what the app does differently on Windows: where the office's data lives,
// who may read it, the user's name as the app shows it, opening files with their program and
// the Documents folder. It is a package of its own so that its tests cross-compile without cgo
// and run under Wine (make windows-check).
package windesk

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sys/windows"
)

// DataDir is %LOCALAPPDATA%\PolicyCredit: the local, not the roaming, profile, so that an
// office of hundreds of megabytes does not travel with the clerk's profile at each log-on.
// The database, its backups, reports and the error log all sit there.
func DataDir() string {
	if d, err := os.UserCacheDir(); err == nil { // %LOCALAPPDATA%
		return filepath.Join(d, "PolicyCredit")
	}
	return "."
}

// MakePrivateDir makes dir when it is missing, readable and writable by the current user
// only: the folder holds every borrower's records. Its permissions are not inherited from the
// profile (where administrators may read), and what is made inside inherits them. An existing
// folder is left as the office set it.
func MakePrivateDir(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return privateACL(dir)
}

// privateACL gives the current user full control of path and everything made in it, and
// nobody else any access.
func privateACL(path string) error {
	sid, err := currentSID()
	if err != nil {
		return err
	}
	acl, err := privateDACL(sid)
	if err != nil {
		return err
	}
	return windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, acl, nil)
}

// privateDACL is the access list of a folder only sid may use: one entry, full control,
// passed to the files and folders made inside.
func privateDACL(sid *windows.SID) (*windows.ACL, error) {
	return windows.ACLFromEntries([]windows.EXPLICIT_ACCESS{{
		AccessPermissions: windows.GENERIC_ALL,
		AccessMode:        windows.GRANT_ACCESS,
		Inheritance:       windows.SUB_CONTAINERS_AND_OBJECTS_INHERIT,
		Trustee: windows.TRUSTEE{
			TrusteeForm:  windows.TRUSTEE_IS_SID,
			TrusteeType:  windows.TRUSTEE_IS_USER,
			TrusteeValue: windows.TrusteeValueFromSID(sid),
		},
	}}, nil)
}

// currentSID is the security identifier of the user the process runs as.
func currentSID() (*windows.SID, error) {
	token, err := windows.OpenCurrentProcessToken()
	if err != nil {
		return nil, err
	}
	defer token.Close()
	tu, err := token.GetTokenUser()
	if err != nil {
		return nil, err
	}
	return tu.User.Sid.Copy()
}

// UserName is an account name as Windows gives it ("DOMAIN\name", "PC\name") without the
// domain or computer, as the status bar and the records show it.
func UserName(account string) string {
	if i := strings.LastIndex(account, `\`); i >= 0 {
		return account[i+1:]
	}
	return account
}

// ShellOpen opens a file with the program Windows associates with its kind (the PDF viewer),
// or a folder in Explorer, as a double click would: ShellExecute with the path itself. (A
// file:// URL handed to rundll32, as Fyne's OpenURL does, loses the Vietnamese letters of its
// percent-encoded path on the way.) It waits for the shell, not for the viewer to close.
func ShellOpen(path string) error {
	// ShellExecute wants COM on its thread, for viewers registered as shell extensions.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE); err == nil {
		defer windows.CoUninitialize()
	}
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	err = windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL)
	if err != nil && len(path) >= windows.MAX_PATH { // bytes: at least as many as UTF-16 units
		// The shell takes no path of 260 characters or more: a deep office folder is handed
		// over by its short (8.3) name, where the drive keeps them.
		short, serr := shortPath(file)
		if serr != nil {
			return err
		}
		return windows.ShellExecute(0, verb, short, nil, nil, windows.SW_SHOWNORMAL)
	}
	return err
}

// shortPath is the 8.3 form of a long path.
func shortPath(long *uint16) (*uint16, error) {
	n, err := windows.GetShortPathName(long, nil, 0)
	if err != nil {
		return nil, err
	}
	buf := make([]uint16, n)
	if _, err := windows.GetShortPathName(long, &buf[0], n); err != nil {
		return nil, err
	}
	return &buf[0], nil
}

// DocumentsDir is the user's Documents folder where Windows keeps it (it may have been moved,
// to OneDrive or another drive), "" when Windows does not say.
func DocumentsDir() string {
	dir, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0)
	if err != nil {
		return ""
	}
	return dir
}
