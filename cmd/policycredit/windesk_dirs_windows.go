package main

import (
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

// dataDir is %LOCALAPPDATA%\PolicyCredit: the local, not the roaming, profile, so that an
// office of hundreds of megabytes does not travel with the clerk's profile at each log-on.
// The database, its backups, reports and the error log all sit there.
func dataDir() string {
	if d, err := os.UserCacheDir(); err == nil { // %LOCALAPPDATA%
		return filepath.Join(d, "PolicyCredit")
	}
	return "."
}

// makeDataDir makes the default data folder when it is missing, readable and writable by the
// current user only: the folder holds every borrower's records. The permissions are not
// inherited from the profile (where administrators may read), and what is made inside
// inherits them. An existing folder is left as the office set it.
func makeDataDir(dir string) error {
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
	token, err := windows.OpenCurrentProcessToken()
	if err != nil {
		return err
	}
	defer token.Close()
	tu, err := token.GetTokenUser()
	if err != nil {
		return err
	}
	acl, err := windows.ACLFromEntries([]windows.EXPLICIT_ACCESS{{
		AccessPermissions: windows.GENERIC_ALL,
		AccessMode:        windows.GRANT_ACCESS,
		Inheritance:       windows.SUB_CONTAINERS_AND_OBJECTS_INHERIT,
		Trustee: windows.TRUSTEE{
			TrusteeForm:  windows.TRUSTEE_IS_SID,
			TrusteeType:  windows.TRUSTEE_IS_USER,
			TrusteeValue: windows.TrusteeValueFromSID(tu.User.Sid),
		},
	}}, nil)
	if err != nil {
		return err
	}
	return windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, acl, nil)
}

// currentUser is the Windows account's name without its domain or computer name: Windows
// reports "DOMAIN\name", which the status bar and the records would otherwise show.
func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		name := u.Username
		if i := strings.LastIndex(name, `\`); i >= 0 {
			name = name[i+1:]
		}
		if name != "" {
			return name
		}
	}
	return "clerk"
}
