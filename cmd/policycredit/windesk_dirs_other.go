//go:build !windows

package main

import (
	"os"
	"os/user"
	"path/filepath"
	"runtime"
)

// dataDir is where the office database and its backups live by default:
// $XDG_DATA_HOME/policycredit (~/.local/share/policycredit) on Linux, the user config folder
// elsewhere.
func dataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "policycredit")
	}
	if runtime.GOOS == "linux" {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "share", "policycredit")
		}
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "policycredit")
	}
	return "."
}

// makeDataDir leaves the default folder to the store, which makes it with mode 0700.
func makeDataDir(string) error { return nil }

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "clerk"
}
