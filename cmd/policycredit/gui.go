package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/go-gl/glfw/v3.3/glfw"

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
	// One window per office: a second copy says where the office is open and stops.
	lock, err := sqlite.LockOffice(g.db)
	if err != nil {
		fmt.Fprintln(stderr, loc.Error(err))
		showAlreadyOpen(loc.Error(err), loc.T("action.close"))
		return exitFailed
	}
	defer lock.Release()

	app.SetMetadata(fyne.AppMetadata{
		ID: appID, Name: appName, Version: appVersion, Build: appBuild,
		Icon: fyne.NewStaticResource("Icon.png", iconPNG),
	})
	fyneApp := app.NewWithID(appID)
	fyneApp.SetIcon(fyne.NewStaticResource("Icon.png", iconPNG))

	backups := backupDir(g.db)
	opts := ui.Options{
		User:        g.recordedUser(),
		FirstStart:  isNew,
		StartAt:     g.screen,
		ImportFile:  g.importFile,
		BackupDir:   backups,
		Notice:      recoveredNotice(g, loc),
		ReportsDir:  filepath.Join(officeHome(g.db), "reports"),
		ErrorLog:    errorLog(g.db),
		ListBackups: func() ([]data.BackupInfo, error) { return sqlite.Backups(backups) },
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
	// Scripts (screenshots, meetings started from a shortcut) log in as the command line does:
	// --user or POLICYCREDIT_USER with POLICYCREDIT_PASSWORD. Without the password the window
	// asks for it.
	if g.user != "" && os.Getenv(envPassword) != "" {
		if has, err := store.HasUsers(context.Background()); err == nil && has {
			sess, err := store.LogIn(context.Background(), g.user, os.Getenv(envPassword))
			if err != nil {
				fmt.Fprintln(stderr, loc.Error(err))
				return exitFailed
			}
			opts.Session = &sess
		}
	}
	win := ui.New(fyneApp, store, loc, opts)
	// Fyne knows no screen size: once the window shows, the primary monitor's work area says
	// how large it may open (a 1024×768 screen cannot hold 1200×760). GLFW is ready and on
	// its thread inside fyne.Do after the start.
	fyneApp.Lifecycle().SetOnStarted(func() { fyne.Do(func() { fitScreen(win) }) })
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
	var cleanOnce sync.Once
	cleanUp := func() {
		cleanOnce.Do(func() {
			win.Wait()
			stopWarm()
			<-warmDone
			<-backupDone // the store closes only after the copy is complete
			g.conn.close()
			lock.Release()
		})
	}
	// Fyne 2.7.1 can lose its stop event and never return from Run (design.md): once the
	// window is closing, the process ends within shutdownGrace whatever Run does.
	closing, returned := make(chan struct{}), make(chan struct{})
	var closeOnce sync.Once
	startClosing := func() { closeOnce.Do(func() { close(closing) }) }
	go func() {
		<-closing
		select {
		case <-returned:
		case <-time.After(shutdownGrace):
			cleanUp()
			os.Exit(0)
		}
	}()
	if g.quitAfter > 0 {
		time.AfterFunc(g.quitAfter, func() { startClosing(); fyne.Do(fyneApp.Quit) })
	}
	win.Window().SetMaster()
	win.Window().SetOnClosed(startClosing)
	win.Window().ShowAndRun()
	close(returned)
	cleanUp()
	return 0
}

// fitScreen sizes the window for the primary monitor's work area (the screen without the
// task bar), or the whole screen when the system does not say. A work area smaller than the
// screen means a desktop with a task bar, whose windows have a title bar too; a bare X
// server (Xvfb, the screenshots) has neither.
func fitScreen(win *ui.App) {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return
	}
	_, _, w, h := m.GetWorkarea()
	sw, sh := w, h
	if mode := m.GetVideoMode(); mode != nil {
		sw, sh = mode.Width, mode.Height
	}
	if w <= 0 || h <= 0 {
		w, h = sw, sh
	}
	win.FitScreen(float32(w), float32(h), w < sw || h < sh)
}

// shutdownGrace is how long Run may take to return once the window closes.
const shutdownGrace = 5 * time.Second

// recoveredNotice tells the user that open put back an office set aside by a restore.
func recoveredNotice(g globals, loc *translations.Localizer) string {
	if g.conn.recovered == "" {
		return ""
	}
	return loc.T("cli.recovered", "File", g.conn.recovered)
}

// showAlreadyOpen tells, in a small window of its own, that the office is open in another
// window: a start from a desktop shortcut has no terminal to read stderr in.
func showAlreadyOpen(msg, closeLabel string) {
	a := app.NewWithID(appID)
	w := a.NewWindow(appName)
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewBorder(nil, container.NewCenter(widget.NewButton(closeLabel, a.Quit)), nil, nil, label))
	w.Resize(fyne.NewSize(460, 160))
	time.AfterFunc(2*time.Minute, func() { fyne.Do(a.Quit) })
	w.ShowAndRun()
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
