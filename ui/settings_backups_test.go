package ui

import (
	"strings"
	"testing"
	"time"

	"policycredit/data"
)

// Settings lists each backup with its date and whether its copy was verified.
func TestSettingsListsBackupsVerified(t *testing.T) {
	a, _ := newDemoApp(t, "en", "settings")
	at := time.Date(2026, 12, 1, 8, 30, 0, 0, time.Local)
	a.opts.ListBackups = func() ([]data.BackupInfo, error) {
		return []data.BackupInfo{
			{Path: "/b/policycredit-20261201-083000.db", At: at, Size: 5 << 20, Verified: true},
			{Path: "/b/copied-by-hand.db", At: at.Add(-time.Hour), Size: 1, Verified: false},
		}, nil
	}
	a.build()
	a.Wait()
	s, ok := a.currentScreen().(*settingsScreen)
	if !ok {
		t.Fatalf("settings screen is %T", a.currentScreen())
	}
	text := s.backups.Text
	for _, want := range []string{"1 Dec 2026 08:30 · 5 MB · verified · policycredit-20261201-083000.db", "not verified · copied-by-hand.db"} {
		if !strings.Contains(text, want) {
			t.Errorf("backups shown %q, want %q", text, want)
		}
	}
	a.opts.ListBackups = func() ([]data.BackupInfo, error) { return nil, nil }
	s.showBackups()
	if s.backups.Text != a.loc.T("settings.backups_none") {
		t.Errorf("no backups: %q", s.backups.Text)
	}
}
