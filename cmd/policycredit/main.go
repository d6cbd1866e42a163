// Command policycredit is Policy Credit Desk: with no command it opens the desktop app on the
// office database; commands run the same store from a terminal.
package main

//go:generate go run ./internal/metagen ../../FyneApp.toml metadata_gen.go

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/translations"
)

//go:embed Icon.png
var iconPNG []byte

// Exit codes: 1 when the work failed or found problems, 2 when the command line was wrong, 3
// when a change became a request that waits for a second user's approval.
const (
	exitFailed  = 1
	exitUsage   = 2
	exitRequest = 3
)

// failure is a translated message the command already composed: printed as is, exit 1.
type failure struct{ msg string }

func (e failure) Error() string { return e.msg }

// usageError is a command line the program cannot run.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// globals are the flags before the command, and the database once a command has opened it.
type globals struct {
	db, lang, user string
	conn           *storeConn
	// stderr is where password prompts go, so that stdout stays the command's output.
	stderr io.Writer
	// changingPassword lets a user whose password was reset log in to change it (users passwd).
	changingPassword bool
	// create makes a missing folder of --db (the default folder is always made).
	create bool
	// GUI-only: open at a screen, quit after a while (smoke tests and screenshots).
	screen    string
	quitAfter time.Duration
	// GUI-only: open meeting mode on the office's Overview at this slide (1-based, or the
	// first of a kind: office, program, communes, trend, ratings, commune), in a
	// language, in a window of this size instead of full screen.
	slide     string
	slideLang string
	slideSize string
	// GUI-only: open the import of this file at start-up.
	importFile string
}

func run(args []string, stdout, stderr io.Writer) int {
	g := globals{conn: &storeConn{}, stderr: stderr}
	defer g.conn.close()
	fs := flag.NewFlagSet("policycredit", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.db, "db", dbFromEnv(), "database file, or a postgres:// address")
	fs.StringVar(&g.lang, "lang", "", "language: vi, en or fr (default: the saved choice, else vi)")
	// The log-in name; in setup mode (no users yet) the OS user name is recorded when it is empty.
	fs.StringVar(&g.user, "user", os.Getenv("POLICYCREDIT_USER"), "user who logs in")
	fs.BoolVar(&g.create, "create", false, "create the database's folder when it does not exist")
	fs.StringVar(&g.screen, "screen", "", "screen to open first (GUI)")
	fs.DurationVar(&g.quitAfter, "quit-after", 0, "close the window after this long (GUI)")
	fs.StringVar(&g.slide, "slide", "", "open meeting mode at this slide: a number, or a kind such as trend (GUI)")
	fs.StringVar(&g.slideLang, "slide-lang", "", "language of the meeting's slides (GUI)")
	fs.StringVar(&g.importFile, "import-file", "", "open the import of this spreadsheet or CSV file (GUI)")
	fs.StringVar(&g.slideSize, "slide-size", "", "meeting window size WxH instead of full screen (GUI)")
	loc := translations.New(langFromArgs(args))
	if err := parseFlags(loc, fs, guardFlags(fs), args); err != nil {
		if errors.Is(err, flag.ErrHelp) { // -h, --help: what the user asked for, not a mistake
			fmt.Fprintln(stdout, loc.T("cli.usage"))
			return 0
		}
		fmt.Fprintln(stderr, err.Error())
		fmt.Fprintln(stderr, loc.T("cli.usage"))
		return exitUsage
	}
	if msg := checkGlobals(loc, fs, g); msg != "" {
		fmt.Fprintln(stderr, msg)
		return exitUsage
	}
	if g.lang != "" && !isLanguage(g.lang) {
		fmt.Fprintln(stderr, loc.T("cli.bad_language", "Lang", g.lang))
		return exitUsage
	}
	if g.lang == "" {
		g.lang = savedLanguage(g) // so every message, errors included, uses the office's choice
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return runGUI(g, stderr)
	}
	cmd, cmdArgs := rest[0], rest[1:]
	commands := map[string]func(globals, []string, io.Writer) error{
		"demo":       cmdDemo,
		"programs":   cmdPrograms,
		"borrowers":  cmdBorrowers,
		"check":      cmdCheck,
		"settings":   cmdSettings,
		"backup":     cmdBackup,
		"restore":    cmdRestore,
		"loan":       cmdLoan,
		"post":       cmdPost,
		"collection": cmdCollection,
		"savings":    cmdSavings,
		"report":     cmdReport,
		"export":     cmdExport,
		"import":     cmdImport,
		"close":      cmdClose,
		"reopen":     cmdReopen,
		"users":      cmdUsers,
		"approvals":  cmdApprovals,
		"capital":    cmdCapital,
		"settle":     cmdSettle,
		"migrate":    cmdMigrate,
	}
	f, ok := commands[cmd]
	if !ok {
		if cmd == "help" {
			if len(cmdArgs) > 0 {
				fmt.Fprintln(stderr, loc.T("cli.bad_arguments"))
				fmt.Fprintln(stderr, loc.T("cli.usage"))
				return exitUsage
			}
			fmt.Fprintln(stdout, loc.T("cli.usage"))
			return 0
		}
		fmt.Fprintln(stderr, loc.T("cli.unknown_command", "Command", cmd))
		fmt.Fprintln(stderr, loc.T("cli.usage"))
		return exitUsage
	}
	err := f(g, cmdArgs, stdout)
	if err == nil {
		return 0
	}
	loc = translations.New(g.langOr("vi"))
	var ue usageError
	var made *data.RequestMade
	var fail failure
	var help helpShown
	var of outputFailed
	switch {
	case errors.As(err, &help):
		fmt.Fprintln(stdout, help.text)
		return 0
	case errors.As(err, &of):
		// The system's own words (which may name the disk) go to the log; the user reads
		// which file was not written and the likely causes.
		errorLog(g.db).Record(cmd, err)
		fmt.Fprintln(stderr, loc.T("cli.output_failed", "File", of.file))
		return exitFailed
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, ue.msg)
		return exitUsage
	case errors.As(err, &made):
		// Scripts read the request's number on the last line; people read the sentence.
		var m madeRequest
		if errors.As(err, &m) {
			fmt.Fprintln(stdout, m.sentence)
		}
		fmt.Fprintf(stdout, "request %d\n", made.ID)
		return exitRequest
	case errors.Is(err, errProblemsFound):
		return exitFailed
	case errors.As(err, &fail):
		fmt.Fprintln(stderr, fail.msg)
		return exitFailed
	case data.DomainErrors(err) != nil:
		fmt.Fprintln(stderr, loc.Error(err))
		return exitFailed
	default:
		// An error with no sentence of its own: its cause goes to the log beside the office,
		// which the message names.
		if log := errorLog(g.db).Record(cmd, err); log != "" {
			fmt.Fprintln(stderr, loc.T("cli.unexpected_logged", "Log", log))
		} else {
			fmt.Fprintln(stderr, loc.Error(err))
		}
		return exitFailed
	}
}

// guiOnly are the options of the app window, which a command would silently ignore.
var guiOnly = []string{"screen", "quit-after", "slide", "slide-lang", "slide-size", "import-file"}

// checkGlobals refuses global options that parsed but cannot be meant (an empty one is
// refused by parseFlags): a log-in name no user can have, and the app window's options given
// with a command. It returns the message, "" when all is well.
func checkGlobals(loc *translations.Localizer, fs *flag.FlagSet, g globals) string {
	if given(fs, "user") {
		if err := data.CheckUserName(g.user); err != nil {
			return optionName("user") + ": " + loc.Error(err)
		}
	}
	if fs.NArg() > 0 {
		for _, name := range guiOnly {
			if given(fs, name) {
				return loc.T("cli.gui_only_flag", "Flag", optionName(name), "Command", fs.Arg(0))
			}
		}
	}
	return ""
}

// helpShown is a command's -h: its usage goes to stdout and the run exits 0.
type helpShown struct{ text string }

func (h helpShown) Error() string { return h.text }

// langFromArgs finds --lang before parsing, so even flag errors are in the chosen language.
func langFromArgs(args []string) string {
	for i, a := range args {
		switch {
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			return a[strings.Index(a, "=")+1:]
		case (a == "--lang" || a == "-lang") && i+1 < len(args):
			return args[i+1]
		}
	}
	return "vi"
}

func (g globals) langOr(def string) string {
	if g.lang != "" {
		return g.lang
	}
	return def
}

func isLanguage(l string) bool {
	for _, x := range data.Languages {
		if x == l {
			return true
		}
	}
	return false
}

func defaultDBPath() string { return filepath.Join(dataDir(), "policycredit.db") }

// dbFromEnv is the office --db names when it is not given: POLICYCREDIT_DB (each PC of an
// office on a server is pointed at it once), else the file in the app's data folder.
func dbFromEnv() string {
	if db := os.Getenv("POLICYCREDIT_DB"); db != "" {
		return db
	}
	return defaultDBPath()
}

// errorLog is where a run's unexpected errors are written: beside the office's file, or for an
// office on a server (no folder of its own, and an address is no file name) in this PC's data
// folder.
func errorLog(db string) *data.ErrorLog {
	if data.IsPostgresAddress(db) {
		return data.ErrorLogFor(filepath.Join(dataDir(), "postgres"))
	}
	return data.ErrorLogFor(db)
}

// officeHome is the folder of an office's own files (reports): its file's, or this PC's data
// folder for an office on a server.
func officeHome(db string) string {
	if data.IsPostgresAddress(db) {
		return dataDir()
	}
	return filepath.Dir(db)
}

// backupDir sits beside the database, so a database copied elsewhere keeps its backups apart;
// an office on a server has no folder, and keeps this PC's backups in the app's data folder.
func backupDir(db string) string {
	if data.IsPostgresAddress(db) {
		return filepath.Join(dataDir(), "backups")
	}
	return filepath.Join(filepath.Dir(db), "backups")
}

// recordedUser is the name a change in setup mode is recorded under: --user (or
// POLICYCREDIT_USER) when given, else the OS user's name.
func (g globals) recordedUser() string {
	if g.user != "" {
		return g.user
	}
	return currentUser()
}

// officeStore is what the commands use of the database: what the app's screens use (the GUI
// is handed the same store), the ledger for exports, the file's maintenance, and postings by
// contract from the command line and its CSV files.
type officeStore interface {
	data.Screens
	data.LedgerExport
	data.Maintenance
	PostPostings(ctx context.Context, ps []data.Posting) ([]int64, error)
	CheckPostings(ctx context.Context, ps []data.Posting) error
	PostPostingsFile(ctx context.Context, ps []data.Posting, f data.SourceFile) ([]int64, error)
	peopleStore
}

// peopleStore is the store's users, log-in and approvals (issue 17).
type peopleStore interface {
	LogIn(ctx context.Context, name, password string) (data.Session, error)
	HasUsers(ctx context.Context) (bool, error)
	Users(ctx context.Context) ([]data.User, error)
	AddUser(ctx context.Context, u data.User, password string) error
	DisableUser(ctx context.Context, name string) error
	ResetPassword(ctx context.Context, name, password string) error
	ChangePassword(ctx context.Context, old, password string) error
	SetUserRole(ctx context.Context, name string, role data.Role) error
	Requests(ctx context.Context, pendingOnly bool) ([]data.Request, error)
	Request(ctx context.Context, id int64) (data.Request, error)
	Approve(ctx context.Context, id int64) (data.Request, error)
	Reject(ctx context.Context, id int64, reason string) error
	RequestRestore(ctx context.Context, file, sum string) error
	ApprovedRestore(ctx context.Context, id int64) (file, sum string, err error)
	RecordExport(ctx context.Context, what, file string) error
	RecordBackup(ctx context.Context, file string) error
}

// storeConn keeps the one store a run opens, so that reading the saved language and running
// the command do not open (and migrate) the file twice.
type storeConn struct {
	s     officeStore
	isNew bool
	// recovered is the file set aside by an interrupted restore that open put back.
	recovered string
}

// open opens (creating when needed) the database, once per run, and says whether it was new.
func (g globals) open() (officeStore, bool, error) {
	if g.conn.s == nil {
		// An office an interrupted restore of an earlier version left aside is put back.
		recovered, err := sqlite.RecoverSetAside(g.db)
		if err != nil {
			return nil, false, err
		}
		if recovered != "" && g.stderr != nil {
			loc := translations.New(g.langOr("vi"))
			fmt.Fprintln(g.stderr, loc.T("cli.recovered", "File", recovered))
		}
		g.conn.recovered = recovered
		// The default folder is the app's own; another missing folder is most likely a typing
		// mistake, made only when asked.
		open := func(path string) (*sqlite.Store, error) { return sqlite.OpenWith(path, sqlite.Options{}) }
		if g.create || g.db == defaultDBPath() {
			open = sqlite.Open
		}
		if g.db == defaultDBPath() {
			if err := makeDataDir(dataDir()); err != nil {
				return nil, false, err
			}
		}
		s, err := open(g.db)
		if err != nil {
			return nil, false, err
		}
		g.conn.s, g.conn.isNew = s, s.IsNew()
	}
	return g.conn.s, g.conn.isNew, nil
}

// close closes the store if the run opened one; restore calls it before swapping files.
func (c *storeConn) close() {
	if c.s != nil {
		c.s.Close()
		c.s = nil
	}
}

// savedLanguage is the language chosen in an existing database's settings, "" when there is
// none to read (no file yet, or one that cannot be opened).
func savedLanguage(g globals) string {
	if _, err := os.Stat(g.db); err != nil {
		return ""
	}
	s, _, err := g.open()
	if err != nil {
		return ""
	}
	if st, err := s.Settings(context.Background()); err == nil {
		return st.Language
	}
	return ""
}

// localizerFor picks the --lang flag, else the language saved in the database, else Vietnamese.
func localizerFor(g globals, store data.SettingsStore) *translations.Localizer {
	if g.lang != "" {
		return translations.New(g.lang)
	}
	if st, err := store.Settings(context.Background()); err == nil && st.Language != "" {
		return translations.New(st.Language)
	}
	return translations.New("vi")
}
