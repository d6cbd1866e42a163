package main

import (
	"os/user"

	"policycredit/windows/windesk"
)

// dataDir is %LOCALAPPDATA%\PolicyCredit (see windesk.DataDir).
func dataDir() string { return windesk.DataDir() }

// makeDataDir makes the default data folder for the current user only.
func makeDataDir(dir string) error { return windesk.MakePrivateDir(dir) }

// currentUser is the Windows account's name without its domain: Windows reports
// "DOMAIN\name", which the status bar and the records would otherwise show.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		if name := windesk.UserName(u.Username); name != "" {
			return name
		}
	}
	return "clerk"
}
