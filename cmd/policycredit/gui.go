package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/reports"
	"policycredit/translations"
	"policycredit/ui"
)

// Automatic backups: one at start when the newest is over a day old, keeping the last 30.
const (
	autoBackupAge  = 24 * time.Hour
	autoBackupKeep = 30
)

func runGUI(g globals, stderr io.Writer) int {
	store, isNew, err := g.open()
	if err != nil {
		loc := translations.New(g.langOr("vi"))
		fmt.Fprintln(stderr, loc.T("cli.open_failed", "File", g.db))
		fmt.Fprintln(stderr, loc.Error(err))
		return exitFailed
	}
	loc := localizerFor(g, store)

	app.SetMetadata(fyne.AppMetadata{
		ID: appID, Name: appName, Version: appVersion, Build: appBuild,
		Icon: fyne.NewStaticResource("Icon.png", iconPNG),
	})
	fyneApp := app.NewWithID(appID)
	fyneApp.SetIcon(fyne.NewStaticResource("Icon.png", iconPNG))

	backups := backupDir(g.db)
	opts := ui.Options{
		User:       g.recordedUser(),
		FirstStart: isNew,
		StartAt:    g.screen,
		ImportFile: g.importFile,
		BackupDir:  backups,
		ReportsDir: filepath.Join(filepath.Dir(g.db), "reports"),
		Backup: func(ctx context.Context) (string, error) {
			dest := filepath.Join(backups, sqlite.BackupName(time.Now()))
			return dest, store.Backup(ctx, dest)
		},
	}
	if g.slide != "" {
		opts.StartAt = "overview"
		opts.Meeting = &ui.MeetingStart{Lang: g.slideLang, EachCommune: true}
		if n, err := strconv.Atoi(g.slide); err == nil {
			opts.Meeting.Slide = n
		} else {
			opts.Meeting.Kind = reports.SlideKind(g.slide)
		}
		if w, h, ok := strings.Cut(g.slideSize, "x"); ok {
			wi, _ := strconv.Atoi(w)
			hi, _ := strconv.Atoi(h)
			opts.Meeting.Width, opts.Meeting.Height = float32(wi), float32(hi)
		}
	}
	win := ui.New(fyneApp, store, loc, opts)
	backupDone := make(chan struct{})
	go func() {
		// Off the UI goroutine: a large office takes a moment to copy. A new file has nothing
		// worth keeping yet.
		defer close(backupDone)
		if isNew {
			return
		}
		if _, err := store.AutoBackup(context.Background(), backups, autoBackupAge, autoBackupKeep); err != nil {
			fyne.LogError("automatic backup failed", err)
		}
	}()
	warmCtx, stopWarm := context.WithCancel(context.Background())
	warmDone := make(chan struct{})
	go func() {
		// The Overview's trend reads month-end snapshots: computing the missing ones now, off
		// the UI goroutine, spares the screen seconds on a large office.
		defer close(warmDone)
		if err := warmOverview(warmCtx, store); err != nil && warmCtx.Err() == nil {
			fyne.LogError("preparing the overview failed", err)
		}
	}()
	if g.quitAfter > 0 {
		time.AfterFunc(g.quitAfter, func() { fyne.Do(fyneApp.Quit) })
	}
	win.Window().SetMaster()
	win.Window().ShowAndRun()
	win.Wait()
	stopWarm()
	<-warmDone
	<-backupDone // the store closes only after the copy is complete
	return 0
}

// warmOverview prepares the Overview of the working date (the setting, else today), as the
// screens take it.
func warmOverview(ctx context.Context, store officeStore) error {
	set, err := store.Settings(ctx)
	if err != nil {
		return err
	}
	on := set.WorkingDay(data.DateOf(time.Now()))
	return store.WarmOverview(ctx, on)
}
