package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"policycredit/data"
	"policycredit/translations"
)

// The bad command-line catalogue (issue 18 §8): every command and global option given input
// it must refuse. Each line runs on its own copy of the small demo office; it must exit with
// its code (2: the command line is wrong, 1: a rule or a file refused it), say what is wrong
// in the user's language, and leave every table of the office exactly as it was.

// badLine is one bad command line. In args, @DB is the line's office, @DIR an empty folder,
// @FOREIGN another application's SQLite file, @TEXT a text file that is no backup, @EMPTY an
// empty file, @BIG a 60 MB file, @MISSING a name in a folder that does not exist, @FULL and
// @NULL devices like /dev/full and /dev/null (made in the line's folder by makeDevices: a line
// that wrongly replaced the device would replace that one, never the system's).
type badLine struct {
	args []string
	code int
	want string // a substring of stderr (or of stdout for a file's refused lines)
	lang string // en unless set
	// raw lines give their own global options (no --db @DB --lang added).
	raw bool
}

// userName10k is a 10 kB log-in name.
var userName10k = strings.Repeat("a", 10_000)

func badLines() []badLine {
	const (
		contract = "16000/2023/0001"
		customer = "38180000187"
		point    = "DGD-16000-1"
		commune  = "16000"
		day      = "2026-11-20"
	)
	out := func(cmd ...string) []string { return cmd }
	lines := []badLine{
		// ---- global options
		{args: out("--db", "@DB", "--lang", "en", "--user", "", "borrowers"), raw: true, code: 2, want: "--user"},
		{args: out("--db", "@DB", "--lang", "en", "--user=", "borrowers"), raw: true, code: 2, want: "--user"},
		{args: out("--db", "@DB", "--lang", "en", "--user", "   ", "borrowers"), raw: true, code: 2, want: "--user"},
		{args: out("--db", "@DB", "--lang", "en", "--user", userName10k, "borrowers"), raw: true, code: 2, want: "--user"},
		{args: out("--db", "@DB", "--lang", "en", "--user", "nobody", "borrowers"), raw: true, code: 1, want: "wrong user name or password"},
		{args: out("--db", "@DB", "--lang", "en", "--user", demoCredit, "--user", demoAdmin, "borrowers"), raw: true, code: 2, want: "--user"},
		{args: out("--db", "@DB", "--db", "@DB", "--lang", "en", "check"), raw: true, code: 2, want: "--db"},
		{args: out("--db", "@DB", "--lang", "en", "--lang", "fr", "check"), raw: true, code: 2, want: "--lang"},
		{args: out("--db", "@DB", "--lang", "en", "--create", "--create", "check"), raw: true, code: 2, want: "--create"},
		{args: out("--db", "@DB", "--lang", "", "check"), raw: true, code: 2, want: "--lang"},
		{args: out("--db", "@DB", "--lang", "de", "check"), raw: true, code: 2, want: "“de”"},
		{args: out("--db", "@DB", "--lang", "EN", "check"), raw: true, code: 2, want: "“EN”"},
		{args: out("--db", "", "--lang", "en", "check"), raw: true, code: 2, want: "--db"},
		{args: out("--db", "@DIR", "--lang", "en", "check"), raw: true, code: 1, want: "folder"},
		{args: out("--db", "@FOREIGN", "--lang", "en", "check"), raw: true, code: 1, want: "another application"},
		{args: out("--db", "@FOREIGN", "--lang", "en", "borrowers"), raw: true, code: 1, want: "another application"},
		{args: out("--db", "@TEXT", "--lang", "en", "check"), raw: true, code: 1, want: "is not one of this app's data files"},
		{args: out("--db", "@MISSING", "--lang", "en", "check"), raw: true, code: 1, want: "add --create"},
		{args: out("--db", "@NULL", "--lang", "en", "check"), raw: true, code: 1, want: "this is not a file"},
		{args: out("--db", "@DB", "--lang", "en", "--bogus", "check"), raw: true, code: 2, want: "bogus"},
		{args: out("--db", "@DB", "--lang", "en", "--create=maybe", "check"), raw: true, code: 2, want: "create"},
		{args: out("--db", "@DB", "--lang", "en", "--quit-after", "soon", "check"), raw: true, code: 2, want: "quit-after"},
		{args: out("--db", "@DB", "--lang", "en", "--screen", "loans", "check"), raw: true, code: 2, want: "--screen"},
		{args: out("--db", "@DB", "--lang", "en", "--slide", "2", "borrowers"), raw: true, code: 2, want: "--slide"},
		{args: out("--db", "@DB", "--lang", "en", "--import-file", "@TEXT", "check"), raw: true, code: 2, want: "--import-file"},
		{args: out("--db", "@DB", "--lang", "en", "frobnicate"), raw: true, code: 2, want: "“frobnicate”"},
		{args: out("--db", "@DB", "--lang", "en", "BORROWERS"), raw: true, code: 2, want: "“BORROWERS”"},
		{args: out("--db", "@DB", "--lang", "en", "help", "me"), raw: true, code: 2, want: "Wrong number of arguments"},

		// ---- demo
		{args: out("demo", "--scale", "huge"), code: 2, want: "“huge”"},
		{args: out("demo", "--scale", ""), code: 2, want: "scale"},
		{args: out("demo", "--seed", "abc"), code: 2, want: "seed"},
		{args: out("demo", "--seed", "99999999999999999999"), code: 2, want: "seed"},
		{args: out("demo", "--until", "2026-02-30"), code: 2, want: "“2026-02-30”"},
		{args: out("demo", "--until", "26-1-1"), code: 2, want: "“26-1-1”"},
		{args: out("demo", "--until", ""), code: 2, want: "--until"},
		{args: out("demo", "--closed-until", "2026-13"), code: 2, want: "closed-until"},
		{args: out("demo", "--closed-until", "26-1"), code: 2, want: "closed-until"},
		{args: out("demo", "--scale", "small", "--scale", "large"), code: 2, want: "--scale"},
		{args: out("demo", "extra"), code: 2, want: "Wrong number of arguments"},
		{args: out("demo", "--scale", "small", "--seed", "1", "--until", day), code: 1, want: "already holds data"},

		// ---- programs
		{args: out("programs", "--date", "2026-02-30"), code: 2, want: "“2026-02-30”"},
		{args: out("programs", "--date", "26-1-1"), code: 2, want: "“26-1-1”"},
		{args: out("programs", "--date", ""), code: 2, want: "--date"},
		{args: out("programs", "--date", day, "--date", day), code: 2, want: "--date"},
		{args: out("programs", "--json", "--json"), code: 2, want: "--json"},
		{args: out("programs", "--json=maybe"), code: 2, want: "json"},
		{args: out("programs", "extra"), code: 2, want: "Wrong number of arguments"},
		{args: out("programs", "--csv", "@DB"), code: 1, want: "@DB"},
		{args: out("programs", "--pdf", "@DB-wal"), code: 1, want: "@DB-wal"},
		{args: out("programs", "--json-file", "@DB-shm"), code: 1, want: "@DB-shm"},
		{args: out("programs", "--csv", "@DIR"), code: 1, want: "folder"},
		{args: out("programs", "--csv", "@FULL"), code: 1, want: "@FULL is not a file"},
		{args: out("programs", "--pdf", "@MISSING"), code: 1, want: "Output folder does not exist"},
		{args: out("programs", "--csv", ""), code: 2, want: "--csv"},

		// ---- borrowers
		{args: out("borrowers", "--limit", "-1"), code: 2, want: "--limit"},
		{args: out("borrowers", "--limit", "-100"), code: 2, want: "--limit"},
		{args: out("borrowers", "--limit", "many"), code: 2, want: "limit"},
		{args: out("borrowers", "--limit", "99999999999999999999"), code: 2, want: "limit"},
		{args: out("borrowers", "--limit", "1.5"), code: 2, want: "limit"},
		{args: out("borrowers", "--limit", "3", "--limit", "4"), code: 2, want: "--limit"},
		{args: out("borrowers", "--search", "a", "--search", "b"), code: 2, want: "--search"},
		{args: out("borrowers", "--json=2"), code: 2, want: "json"},
		{args: out("borrowers", "nguyen"), code: 2, want: "Wrong number of arguments"},
		{args: out("borrowers", "--search", strings.Repeat("x", 10_000)), code: 2, want: "--search"},

		// ---- check
		{args: out("check", "--anchor", "zzzzzzzzzzzz"), code: 2, want: "--anchor: Anchor must be at least 12 hexadecimal digits"},
		{args: out("check", "--anchor", "abc"), code: 2, want: "--anchor"},
		{args: out("check", "--anchor", "0x1234567890ab"), code: 2, want: "--anchor"},
		{args: out("check", "--anchor", ""), code: 2, want: "--anchor"},
		{args: out("check", "--anchor", "000000000000"), code: 1, want: "000000000000"},
		{args: out("check", "--rebuild=x"), code: 2, want: "rebuild"},
		{args: out("check", "--anchor", "abcdefabcdef", "--anchor", "abcdefabcdef"), code: 2, want: "--anchor"},
		{args: out("check", "extra"), code: 2, want: "Wrong number of arguments"},

		// ---- settings
		{args: out("settings", "extra"), code: 2, want: "Wrong number of arguments"},
		{args: out("settings", "--json", "--json"), code: 2, want: "--json"},
		{args: out("settings", "set"), code: 2, want: "Wrong number of arguments"},
		{args: out("settings", "set", "penalty_percent"), code: 2, want: "Wrong number of arguments"},
		{args: out("settings", "set", "penalty_percent", "150"), code: 2, want: "--from"},
		{args: out("settings", "set", "color", "red", "--from", "2027-01-01"), code: 2, want: "“color”"},
		{args: out("settings", "set", "penalty_percent", "999", "--from", "2027-01-01"), code: 2, want: "100–300"},
		{args: out("settings", "set", "penalty_percent", "-5", "--from", "2027-01-01"), code: 2, want: "-5"},
		{args: out("settings", "set", "penalty_percent", "lots", "--from", "2027-01-01"), code: 2, want: "“lots”"},
		{args: out("settings", "set", "interest_basis", "days400", "--from", "2027-01-01"), code: 2, want: "“days400”"},
		{args: out("settings", "set", "frozen_accrues", "maybe", "--from", "2027-01-01"), code: 2, want: "“maybe”"},
		{args: out("settings", "set", "savings_rate", "-1", "--from", "2027-01-01"), code: 2, want: "-1"},
		{args: out("settings", "set", "penalty_percent", "150", "--from", "2026-02-30"), code: 2, want: "2026-02-30"},
		{args: out("settings", "set", "penalty_percent", "150", "--from", "2027-01-01", "--from", "2027-02-01"), code: 2, want: "--from"},

		// ---- backup
		{args: out("backup", "--to", "@DIR"), code: 1, want: "folder"},
		{args: out("backup", "--to", "@DB"), code: 1, want: "@DB"},
		{args: out("backup", "--to", "@DB-wal"), code: 1, want: "@DB-wal"},
		{args: out("backup", "--to", "@FULL"), code: 1, want: "@FULL is not a file"},
		{args: out("backup", "--to", "@NULL"), code: 1, want: "is not a file"},
		{args: out("backup", "--to", ""), code: 2, want: "--to"},
		{args: out("backup", "--to", "@DIR/a.db", "--to", "@DIR/b.db"), code: 2, want: "--to"},
		{args: out("backup", "--encrypt=x"), code: 2, want: "encrypt"},
		{args: out("backup", "extra"), code: 2, want: "Wrong number of arguments"},

		// ---- restore
		{args: out("restore"), code: 2, want: "Wrong number of arguments"},
		{args: out("restore", "a.db", "b.db"), code: 2, want: "Wrong number of arguments"},
		{args: out("restore", "@TEXT"), code: 1, want: "backup"},
		{args: out("restore", "@EMPTY"), code: 1, want: "backup"},
		{args: out("restore", "@FOREIGN"), code: 1, want: "backup"},
		{args: out("restore", "@MISSING"), code: 1, want: "does not exist"},
		{args: out("restore", "@DIR"), code: 1, want: "Backup file"},
		{args: out("restore", "/dev/zero"), code: 1, want: "/dev/zero"},
		{args: out("restore", "@DB"), code: 1, want: "is the data file in use"},
		{args: out("restore", ""), code: 1, want: "Backup file does not exist"},

		// ---- loan
		{args: out("loan"), code: 2, want: "Wrong number of arguments"},
		{args: out("loan", "frob"), code: 2, want: "“loan frob”"},
		{args: out("loan", "open"), code: 2, want: "Missing required options"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "0"), code: 2, want: "--term"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "-12"), code: 2, want: "--term"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "100000"), code: 2, want: "--term"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "x"), code: 2, want: "term"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "0", "--date", day, "--term", "36"), code: 2, want: "--amount"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "-5000000", "--date", day, "--term", "36"), code: 2, want: "--amount"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "99999999999999999999", "--date", day, "--term", "36"), code: 2, want: "amount"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "9000000000000000000", "--date", day, "--term", "36"), code: 2, want: "--amount"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "lots", "--date", day, "--term", "36"), code: 2, want: "amount"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", "2026-02-30", "--term", "36"), code: 2, want: "2026-02-30"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", "26-1-1", "--term", "36"), code: 2, want: "26-1-1"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", "", "--term", "36"), code: 2, want: "--date"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", "NOBODY", "--program", "01", "--amount", "10000000", "--date", day, "--term", "36"), code: 1, want: "NOBODY"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "99", "--amount", "10000000", "--date", day, "--term", "36"), code: 1, want: "99"},
		{args: out("loan", "open", "--contract", contract, "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36"), code: 1, want: contract},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36", "--every", "5"), code: 2, want: "--every"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36", "--every", "0"), code: 2, want: "--every"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36", "--grace", "-1"), code: 2, want: "--grace"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36", "--units", "-1"), code: 2, want: "--units"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36", "--plan", "balloon"), code: 2, want: "balloon"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36", "--source", "mars"), code: 2, want: "mars"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36", "--rate", "abc"), code: 2, want: "--rate"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36", "--rate", "-1"), code: 2, want: "--rate"},
		{args: out("loan", "open", "--contract", "X/1", "--contract", "X/2", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36"), code: 2, want: "--contract"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--amount", "20000000", "--date", day, "--term", "36"), code: 2, want: "--amount"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "02", "--amount", "10000000", "--date", day, "--term", "36", "--plan", "student"), code: 2, want: "--course-end"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "02", "--amount", "10000000", "--date", day, "--term", "36", "--plan", "student", "--course-end", "2027-02-30"), code: 2, want: "2027-02-30"},
		{args: out("loan", "open", "extra", "--contract", "X/1"), code: 2, want: "Wrong number of arguments"},
		{args: out("loan", "open", "--contract", "   ", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "36"), code: 2, want: "--contract"},

		{args: out("loan", "post"), code: 2, want: "Missing required options"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "frob", "--amount", "100000"), code: 2, want: "“frob”"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "", "--amount", "100000"), code: 2, want: "--kind"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "PAYMENT", "--amount", "100000"), code: 2, want: "“PAYMENT”"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "interest", "--amount", "0"), code: 2, want: "--amount"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "interest", "--amount", "-100000"), code: 2, want: "--amount"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "payment", "--amount", "99999999999999999999"), code: 2, want: "amount"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "payment", "--amount", "9000000000000000000"), code: 2, want: "--amount"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "payment", "--amount", "1,5,0"), code: 2, want: "amount"},
		{args: out("loan", "post", "--contract", contract, "--date", "2026-02-30", "--kind", "payment", "--amount", "100000"), code: 2, want: "2026-02-30"},
		{args: out("loan", "post", "--contract", contract, "--date", "26-1-1", "--kind", "payment", "--amount", "100000"), code: 2, want: "26-1-1"},
		{args: out("loan", "post", "--contract", contract, "--date", "", "--kind", "payment", "--amount", "100000"), code: 2, want: "--date"},
		{args: out("loan", "post", "--contract", "NOPE/1", "--date", day, "--kind", "payment", "--amount", "100000"), code: 1, want: "NOPE/1"},
		{args: out("loan", "post", "--contract", contract, "--contract", "NOPE/1", "--date", day, "--kind", "payment", "--amount", "100000"), code: 2, want: "--contract"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "payment", "--kind", "interest", "--amount", "100000"), code: 2, want: "--kind"},
		{args: out("loan", "post", "--contract", contract, "--date", day, "--kind", "freeze", "--amount", "100000"), code: 1, want: "Decision is required"},
		{args: out("loan", "post", "--contract", contract, "--date", "2099-01-01", "--kind", "payment", "--amount", "100000"), code: 1, want: "more than is owed"},
		{args: out("loan", "post", "extra", "--contract", contract), code: 2, want: "Wrong number of arguments"},

		{args: out("loan", "show"), code: 2, want: "--contract"},
		{args: out("loan", "show", "--contract", "NOPE/1"), code: 1, want: "NOPE/1"},
		{args: out("loan", "show", "--contract", contract, "--date", "2026-02-30"), code: 2, want: "2026-02-30"},
		{args: out("loan", "show", "--contract", contract, "--json=x"), code: 2, want: "json"},
		{args: out("loan", "show", "--contract", contract, "--contract", contract), code: 2, want: "--contract"},
		{args: out("loan", "show", "--contract", contract, "extra"), code: 2, want: "Wrong number of arguments"},

		{args: out("loan", "reschedule"), code: 2, want: "Missing required options"},
		{args: out("loan", "reschedule", "--contract", contract, "--installment", "0", "--to", "2027-01-01", "--date", day, "--decision", "QD-1"), code: 2, want: "--installment"},
		{args: out("loan", "reschedule", "--contract", contract, "--installment", "-1", "--to", "2027-01-01", "--date", day, "--decision", "QD-1"), code: 2, want: "--installment"},
		{args: out("loan", "reschedule", "--contract", contract, "--installment", "one", "--to", "2027-01-01", "--date", day, "--decision", "QD-1"), code: 2, want: "installment"},
		{args: out("loan", "reschedule", "--contract", contract, "--installment", "1", "--to", "2027-02-30", "--date", day, "--decision", "QD-1"), code: 2, want: "2027-02-30"},
		{args: out("loan", "reschedule", "--contract", "NOPE/1", "--installment", "1", "--to", "2027-01-01", "--date", day, "--decision", "QD-1"), code: 1, want: "NOPE/1"},
		{args: out("loan", "reschedule", "--contract", contract, "--installment", "99", "--to", "2027-01-01", "--date", day, "--decision", "QD-1"), code: 1, want: "99"},
		{args: out("loan", "extend"), code: 2, want: "Missing required options"},
		{args: out("loan", "extend", "--contract", contract, "--to", "26-1-1", "--date", day, "--decision", "QD-1"), code: 2, want: "26-1-1"},
		{args: out("loan", "extend", "--contract", "NOPE/1", "--to", "2030-01-01", "--date", day, "--decision", "QD-1"), code: 1, want: "NOPE/1"},
		{args: out("loan", "extend", "--contract", contract, "--to", "2030-01-01", "--date", day, "--decision", "  "), code: 2, want: "--decision"},
		{args: out("loan", "reverse"), code: 2, want: "Missing required options"},
		{args: out("loan", "reverse", "--entry", "0", "--date", day, "--reason", "typo"), code: 2, want: "--entry"},
		{args: out("loan", "reverse", "--entry", "-3", "--date", day, "--reason", "typo"), code: 2, want: "--entry"},
		{args: out("loan", "reverse", "--entry", "abc", "--date", day, "--reason", "typo"), code: 2, want: "entry"},
		{args: out("loan", "reverse", "--entry", "999999999", "--date", day, "--reason", "typo"), code: 1, want: "Entry reversed does not exist"},
		{args: out("loan", "reverse", "--entry", "1", "--date", day, "--reason", " "), code: 2, want: "--reason"},

		// ---- post
		{args: out("post"), code: 2, want: "Wrong number of arguments"},
		{args: out("post", "a.csv", "b.csv"), code: 2, want: "Wrong number of arguments"},
		{args: out("post", "@DIR"), code: 1, want: "folder"},
		{args: out("post", "/dev/zero"), code: 1, want: "/dev/zero"},
		{args: out("post", "/dev/null"), code: 1, want: "/dev/null"},
		{args: out("post", "@MISSING"), code: 1, want: "There is no file"},
		{args: out("post", "@BIG"), code: 1, want: "MB"},
		{args: out("post", "@EMPTY"), code: 1, want: "holds nothing to post"},
		{args: out("post", "@TEXT"), code: 1, want: "line 1"},
		{args: out("post", "@DB"), code: 1, want: "line"},
		{args: out("post", "@CSV", "--again"), code: 2, want: "--reason"},
		{args: out("post", "@CSV", "--reason", "because"), code: 2, want: "--again"},
		{args: out("post", "@CSV", "--again", "--again", "--reason", "x"), code: 2, want: "--again"},
		{args: out("post", ""), code: 1, want: "“”"},
		{args: out("post", "@BADCSV"), code: 1, want: "line 2"},

		// ---- collection
		{args: out("collection"), code: 2, want: "Wrong number of arguments"},
		{args: out("collection", "print"), code: 2, want: "“collection print”"},
		{args: out("collection", "list"), code: 2, want: "--point"},
		{args: out("collection", "list", "--point", "NOPE"), code: 1, want: "NOPE"},
		{args: out("collection", "list", "--point", point, "--date", "2026-02-30"), code: 2, want: "2026-02-30"},
		{args: out("collection", "list", "--point", point, "--date", "26-1-1"), code: 2, want: "26-1-1"},
		{args: out("collection", "list", "--point", point, "--format", "doc"), code: 2, want: "“doc”"},
		{args: out("collection", "list", "--point", point, "--format", "pdf"), code: 2, want: "-o"},
		{args: out("collection", "list", "--point", point, "-o", "@DB"), code: 1, want: "@DB"},
		{args: out("collection", "list", "--point", point, "-o", "@DB-wal"), code: 1, want: "@DB-wal"},
		{args: out("collection", "list", "--point", point, "-o", "@DIR"), code: 1, want: "folder"},
		{args: out("collection", "list", "--point", point, "-o", "@FULL"), code: 1, want: "@FULL is not a file"},
		{args: out("collection", "list", "--point", point, "-o", "@MISSING"), code: 1, want: "Output folder does not exist"},
		{args: out("collection", "list", "--point", point, "--point", point), code: 2, want: "--point"},
		{args: out("collection", "list", "--point", point, "extra"), code: 2, want: "Wrong number of arguments"},
		{args: out("collection", "day"), code: 2, want: "--point"},
		{args: out("collection", "day", "--point", "NOPE"), code: 1, want: "NOPE"},
		{args: out("collection", "day", "--point", point, "--format", "docx"), code: 2, want: "“docx”"},
		{args: out("collection", "day", "--point", point, "-o", "@DIR"), code: 1, want: "folder"},
		{args: out("collection", "post"), code: 2, want: "Wrong number of arguments"},
		{args: out("collection", "post", "@DIR"), code: 1, want: "folder"},
		{args: out("collection", "post", "/dev/zero"), code: 1, want: "/dev/zero"},
		{args: out("collection", "post", "@MISSING"), code: 1, want: "There is no file"},
		{args: out("collection", "post", "@BIG"), code: 1, want: "MB"},
		{args: out("collection", "post", "@EMPTY"), code: 1, want: "Nothing was posted"},
		{args: out("collection", "post", "@TEXT"), code: 1, want: "Nothing was posted"},
		{args: out("collection", "post", "@CSV", "--again"), code: 2, want: "--reason"},
		{args: out("collection", "post", "@CSV", "--ref", "A", "--ref", "B"), code: 2, want: "--ref"},
		{args: out("collection", "reverse"), code: 2, want: "Wrong number of arguments"},
		{args: out("collection", "reverse", "NOPE/20260101"), code: 2, want: "--reason"},
		{args: out("collection", "reverse", "NOPE/20260101", "--reason", "typo"), code: 1, want: "Batch reference does not exist"},

		// ---- savings
		{args: out("savings"), code: 2, want: "Wrong number of arguments"},
		{args: out("savings", "debit"), code: 2, want: "“savings debit”"},
		{args: out("savings", "credit"), code: 2, want: "--date"},
		{args: out("savings", "credit", "--date", "2026-05-31"), code: 1, want: "30"},
		{args: out("savings", "credit", "--date", "2026-06-31"), code: 2, want: "2026-06-31"},
		{args: out("savings", "credit", "--date", "2026-06-30", "extra"), code: 2, want: "Wrong number of arguments"},
		{args: out("savings", "credit", "--date", "2026-06-30", "--date", "2026-12-31"), code: 2, want: "--date"},

		// ---- report
		{args: out("report"), code: 2, want: "Wrong number of arguments"},
		{args: out("report", "everything"), code: 2, want: "“report everything”"},
		{args: out("report", "office"), code: 2, want: "--date"},
		{args: out("report", "office", "--date", "2026-02-30"), code: 2, want: "2026-02-30"},
		{args: out("report", "office", "--date", "26-1-1"), code: 2, want: "26-1-1"},
		{args: out("report", "office", "--date", ""), code: 2, want: "--date"},
		{args: out("report", "office", "--date", day, "--unit", "billion"), code: 2, want: "“billion”"},
		{args: out("report", "office", "--date", day, "--format", "doc"), code: 2, want: "“doc”"},
		{args: out("report", "office", "--date", day, "--format", "pdf"), code: 2, want: "-o"},
		{args: out("report", "office", "--date", day, "--lang", "de"), code: 2, want: "“de”"},
		{args: out("report", "office", "--date", day, "-o", "@DB"), code: 1, want: "@DB"},
		{args: out("report", "office", "--date", day, "-o", "@DB-wal"), code: 1, want: "@DB-wal"},
		{args: out("report", "office", "--date", day, "-o", "@DB.lock"), code: 1, want: "@DB.lock"},
		{args: out("report", "office", "--date", day, "-o", "@DIR"), code: 1, want: "folder"},
		{args: out("report", "office", "--date", day, "-o", "@FULL"), code: 1, want: "@FULL is not a file"},
		{args: out("report", "office", "--date", day, "-o", "@MISSING"), code: 1, want: "Output folder does not exist"},
		{args: out("report", "office", "--date", day, "-o", "@DIR/a.pdf", "-o", "@DIR/b.pdf"), code: 2, want: "-o"},
		{args: out("report", "office", "--date", day, "--unit", "dong", "--unit", "million"), code: 2, want: "--unit"},
		{args: out("report", "office", "--date", day, "extra"), code: 2, want: "Wrong number of arguments"},
		{args: out("report", "commune", "--date", day), code: 2, want: "--commune"},
		{args: out("report", "commune", "--date", day, "--commune", "99999"), code: 1, want: "99999"},
		{args: out("report", "commune", "--date", day, "--commune", "abc"), code: 1, want: "abc"},
		{args: out("report", "overdue", "--date", day, "--commune", "99999"), code: 1, want: "99999"},
		{args: out("report", "disclosure", "--date", day), code: 2, want: "--point"},
		{args: out("report", "disclosure", "--date", day, "--point", "NOPE"), code: 1, want: "NOPE"},
		{args: out("report", "statement", "--date", day, "-o", "@DIR/s.pdf"), code: 2, want: "--customer"},
		{args: out("report", "statement", "--date", day, "--customer", "NOBODY", "-o", "@DIR/s.pdf"), code: 1, want: "NOBODY"},
		{args: out("report", "statement", "--date", day, "--customer", customer, "-o", "@DB"), code: 1, want: "@DB"},
		{args: out("report", "statement", "--date", "2026-02-30", "--customer", customer, "-o", "@DIR/s.pdf"), code: 2, want: "2026-02-30"},
		{args: out("report", "meeting", "--date", day, "--commune", "99999", "-o", "@DIR/m.pdf"), code: 1, want: "99999"},
		{args: out("report", "meeting", "--date", "2026-02-30", "-o", "@DIR/m.pdf"), code: 2, want: "2026-02-30"},
		{args: out("report", "office", "--date", day, "--format", "pdf", "-o", "@DB"), code: 1, want: "@DB"},

		// ---- export
		{args: out("export"), code: 2, want: "Wrong number of arguments"},
		{args: out("export", "cows", "--format", "csv", "-o", "@DIR/x.csv"), code: 2, want: "cows"},
		{args: out("export", "borrowers", "--format", "doc", "-o", "@DIR/x.doc"), code: 2, want: "“doc”"},
		{args: out("export", "borrowers", "--format", "csv"), code: 2, want: "-o"},
		{args: out("export", "borrowers", "-o", "@DB"), code: 2, want: "“db”"},
		{args: out("export", "borrowers", "--format", "csv", "-o", "@DB"), code: 1, want: "is the office's database"},
		{args: out("export", "all", "--format", "xlsx", "-o", "@DB"), code: 1, want: "@DB"},
		{args: out("export", "borrowers", "--format", "csv", "-o", "@DB-shm"), code: 1, want: "@DB-shm"},
		{args: out("export", "borrowers", "--format", "csv", "-o", "@DIR"), code: 1, want: "folder"},
		{args: out("export", "borrowers", "--format", "csv", "-o", "@FULL"), code: 1, want: "@FULL is not a file"},
		{args: out("export", "borrowers", "--format", "csv", "-o", "@MISSING"), code: 1, want: "Output folder does not exist"},
		{args: out("export", "borrowers", "--format", "csv", "-o", "@DIR/x.csv", "--date", "2026-02-30"), code: 2, want: "2026-02-30"},
		{args: out("export", "borrowers", "--format", "csv", "-o", "@DIR/x.csv", "--lang", "de"), code: 2, want: "“de”"},
		{args: out("export", "borrowers", "loans", "--format", "csv", "-o", "@DIR/x.csv"), code: 2, want: "Wrong number of arguments"},
		{args: out("export", "borrowers", "--format", "csv", "--format", "xlsx", "-o", "@DIR/x.csv"), code: 2, want: "--format"},

		// ---- import
		{args: out("import"), code: 2, want: "Wrong number of arguments"},
		{args: out("import", "a.csv", "b.csv"), code: 2, want: "Wrong number of arguments"},
		{args: out("import", "@MISSING"), code: 1, want: "There is no file"},
		{args: out("import", "@DIR"), code: 1, want: "folder"},
		{args: out("import", "/dev/zero"), code: 1, want: "/dev/zero"},
		{args: out("import", "@DB"), code: 2, want: "is not a file the import can read"},
		{args: out("import", "@EMPTY"), code: 2, want: "holds nothing to import"},
		{args: out("import", "@CSV", "--date", "2026-02-30"), code: 2, want: "2026-02-30"},
		{args: out("import", "@CSV", "--lang", "de"), code: 2, want: "“de”"},
		{args: out("import", "@CSV", "--dry-run", "--dry-run"), code: 2, want: "--dry-run"},
		{args: out("import", "--template", "cows", "-o", "@DIR/t.xlsx"), code: 2, want: "cows"},
		{args: out("import", "--template", "loans"), code: 2, want: "-o"},
		{args: out("import", "--template", "loans", "-o", "@DB"), code: 1, want: "@DB"},
		{args: out("import", "--template", "loans", "-o", "@DIR"), code: 1, want: "folder"},
		{args: out("import", "--template", "loans", "-o", "@FULL"), code: 1, want: "@FULL is not a file"},
		{args: out("import", "@CSV", "--report", "@DB"), code: 1, want: "@DB"},

		// ---- close, reopen
		{args: out("close"), code: 2, want: "--month"},
		{args: out("close", "--month", "2026-13"), code: 2, want: "2026-13"},
		{args: out("close", "--month", "26-1"), code: 2, want: "26-1"},
		{args: out("close", "--month", ""), code: 2, want: "--month"},
		{args: out("close", "--month", "2099-01"), code: 1, want: "cannot be closed"},
		{args: out("close", "--month", "2026-01", "--month", "2026-02"), code: 2, want: "--month"},
		{args: out("close", "--month", "2026-01", "extra"), code: 2, want: "Wrong number of arguments"},
		{args: out("reopen", "--month", "2026-01"), code: 2, want: "--reason"},
		{args: out("reopen", "--month", "2026-13", "--reason", "typo"), code: 2, want: "2026-13"},
		{args: out("reopen", "--month", "2026-01", "--reason", "typo"), code: 1, want: "2026"},

		// ---- users, approvals
		{args: out("users"), code: 2, want: "Wrong number of arguments"},
		{args: out("users", "delete"), code: 2, want: "“users delete”"},
		{args: out("users", "list", "extra"), code: 2, want: "Wrong number of arguments"},
		{args: out("users", "add"), code: 2, want: "Missing required options"},
		{args: out("users", "add", "--name", "an", "--full-name", "An", "--role", "king"), code: 2, want: "--role: Role: king is not a role"},
		{args: out("users", "add", "--name", demoTeller, "--full-name", "Again", "--role", "teller"), code: 1, want: "POLICYCREDIT_NEW_PASSWORD"},
		{args: out("users", "add", "--name", userName10k, "--full-name", "Long", "--role", "teller"), code: 2, want: "--name"},
		{args: out("users", "add", "--name", "an", "--name", "binh", "--full-name", "An", "--role", "teller"), code: 2, want: "--name"},
		{args: out("users", "disable", "--name", "nobody"), code: 1, want: "User does not exist"},
		{args: out("users", "disable"), code: 2, want: "--name"},
		{args: out("users", "reset-password", "--name", "nobody"), code: 1, want: "POLICYCREDIT_NEW_PASSWORD"},
		{args: out("users", "set-role", "--name", demoTeller, "--role", "king"), code: 2, want: "--role: Role: king is not a role"},
		{args: out("users", "set-role", "--name", "nobody", "--role", "teller"), code: 1, want: "User does not exist"},
		{args: out("approvals"), code: 2, want: "Wrong number of arguments"},
		{args: out("approvals", "approve"), code: 2, want: "Wrong number of arguments"},
		{args: out("approvals", "approve", "abc"), code: 2, want: "“abc”"},
		{args: out("approvals", "approve", "-1"), code: 2, want: "-1"},
		{args: out("approvals", "approve", "0"), code: 2, want: "“0”"},
		{args: out("approvals", "approve", "999999"), code: 1, want: "Request does not exist"},
		{args: out("approvals", "approve", "1", "2"), code: 2, want: "Wrong number of arguments"},
		{args: out("approvals", "reject", "1"), code: 2, want: "--reason"},
		{args: out("approvals", "list", "--json", "--json"), code: 2, want: "--json"},

		// ---- in Vietnamese and French
		{args: out("borrowers", "--limit", "-1"), lang: "vi", code: 2, want: "--limit"},
		{args: out("borrowers", "--limit", "1", "--limit", "2"), lang: "vi", code: 2, want: "--limit"},
		{args: out("loan", "open", "--contract", "X/1", "--customer", customer, "--program", "01", "--amount", "10000000", "--date", day, "--term", "0"), lang: "vi", code: 2, want: "--term"},
		{args: out("report", "office", "--date", day, "-o", "@DIR"), lang: "vi", code: 1, want: "thư mục"},
		{args: out("post", "@DIR"), lang: "vi", code: 1, want: "thư mục"},
		{args: out("borrowers", "--limit", "-1"), lang: "fr", code: 2, want: "--limit"},
		{args: out("check", "--anchor", "zz"), lang: "fr", code: 2, want: "--anchor"},
		{args: out("import", "@MISSING"), lang: "fr", code: 1, want: "n'existe pas"},
	}
	return lines
}

// badLineFiles are the files the catalogue's placeholders name, made once for every line.
type badLineFiles struct {
	once    sync.Once
	dir     string
	office  string // the small demo office's pristine copy, to copy from
	sum     string // its fingerprint (every table's rows) before any line ran
	fileSum string // the SHA-256 of its bytes
	err     error
}

var badInputFiles badLineFiles

func (f *badLineFiles) get(t *testing.T) *badLineFiles {
	t.Helper()
	office := small.get(t, "small").pristine
	f.once.Do(func() {
		f.dir = filepath.Join(sharedDir, "badinput")
		f.office = office
		if f.err = f.make(); f.err != nil {
			return
		}
		// Read from a copy: opening even read-only leaves a -wal beside the file read.
		before := filepath.Join(f.dir, "before.db")
		if f.err = copyFile(office, before); f.err == nil {
			_, f.sum = dbFingerprint(t, before)
			f.fileSum = fileSum(t, office)
		}
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	return f
}

// make writes the shared input files: another application's database, a text file, an empty
// file, a 60 MB file (sparse: a read of it would take long, a refusal does not), a CSV with a
// bad row, and a well-formed CSV.
func (f *badLineFiles) make() error {
	if err := os.MkdirAll(f.dir, 0o755); err != nil {
		return err
	}
	foreign, err := sql.Open("sqlite3", filepath.Join(f.dir, "foreign.db"))
	if err != nil {
		return err
	}
	_, err = foreign.Exec(`PRAGMA application_id = 1234; CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('phở')`)
	foreign.Close()
	if err != nil {
		return err
	}
	files := map[string]string{
		"text.txt":  "this is not a backup, nor a CSV of entries\n",
		"empty.csv": "",
		"bad.csv":   "date,contract,kind,amount,ref\n2026-02-30,16000/2023/0001,payment,100000,R1\n",
		"good.csv":  "date,contract,kind,amount,ref\n2026-11-20,16000/2023/0001,payment,100000,R1\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(f.dir, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	big, err := os.Create(filepath.Join(f.dir, "big.csv"))
	if err != nil {
		return err
	}
	defer big.Close()
	return big.Truncate(60 << 20)
}

// makeDevices makes, in dir, "full" and "null": the devices /dev/full and /dev/null where the
// system allows it (root), else named pipes; neither is a file. Each line has its own, so
// that a line that wrongly replaced one (as the old backup --to did) cannot mislead the next.
func makeDevices(dir string) error {
	for name, minor := range map[string]uint32{"full": 7, "null": 3} {
		path := filepath.Join(dir, name)
		if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, int(unix.Mkdev(1, minor))); err != nil {
			if err := syscall.Mkfifo(path, 0o666); err != nil {
				return err
			}
		}
	}
	return nil
}

// fileSum is the SHA-256 of a file's bytes.
func fileSum(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// badLineOutcome is what a line did, for the catalogue's counts.
type badLineOutcome struct{ accepted, changed bool }

func TestBadCommandLines200(t *testing.T) {
	t.Parallel()
	files := badInputFiles.get(t)
	lines := badLines()
	if len(lines) < 200 {
		t.Fatalf("%d bad command lines, want at least 200", len(lines))
	}
	foreignSum := fileSum(t, filepath.Join(files.dir, "foreign.db"))
	var mu sync.Mutex
	var accepted, changedCount int
	t.Cleanup(func() {
		t.Logf("%d bad command lines: %d accepted, %d changed the office", len(lines), accepted, changedCount)
	})
	for i, c := range lines {
		name := fmt.Sprintf("%03d %s", i, strings.Join(c.args, " "))
		if len(name) > 120 {
			name = name[:120]
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db := filepath.Join(dir, "office.db")
			copyDB(t, files.office, db)
			empty := filepath.Join(dir, "empty-folder")
			if err := os.Mkdir(empty, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := makeDevices(dir); err != nil {
				t.Fatal(err)
			}
			subst := strings.NewReplacer("@DB", db, "@DIR", empty, "@MISSING", filepath.Join(dir, "no-such-folder", "x.pdf"),
				"@FOREIGN", filepath.Join(files.dir, "foreign.db"), "@TEXT", filepath.Join(files.dir, "text.txt"),
				"@EMPTY", filepath.Join(files.dir, "empty.csv"), "@BIG", filepath.Join(files.dir, "big.csv"),
				"@BADCSV", filepath.Join(files.dir, "bad.csv"), "@CSV", filepath.Join(files.dir, "good.csv"),
				"@FULL", filepath.Join(dir, "full"), "@NULL", filepath.Join(dir, "null"))
			args := make([]string, len(c.args))
			for j, a := range c.args {
				args[j] = subst.Replace(a)
			}
			if !c.raw {
				lang := c.lang
				if lang == "" {
					lang = "en"
				}
				args = append([]string{"--db", db, "--lang", lang}, args...)
			}
			start := time.Now()
			r := runCLI(t, args...)
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v: a bad input must be refused quickly", d)
			}
			// The run closed the office, folding its WAL in: the same bytes are the same office;
			// other bytes (a header's counter) are compared table by table.
			changed := false
			if fileSum(t, db) != files.fileSum {
				_, after := dbFingerprint(t, db)
				changed = after != files.sum
			}
			outcome := badLineOutcome{accepted: r.code == 0 || r.code == exitRequest, changed: changed}
			if fileSum(t, filepath.Join(files.dir, "foreign.db")) != foreignSum {
				outcome.changed = true
				t.Error("another application's file was changed")
			}
			mu.Lock()
			if outcome.accepted {
				accepted++
			}
			if outcome.changed {
				changedCount++
			}
			mu.Unlock()
			if outcome.changed {
				t.Error("the office changed")
			}
			if r.code != c.code {
				t.Errorf("want exit %d, got %v", c.code, r)
			}
			want := subst.Replace(c.want)
			if !strings.Contains(r.stderr+r.stdout, want) {
				t.Errorf("output lacks %q:\n%v", want, r)
			}
			for _, bad := range []string{"<no value>", "unexpected error", "%!"} {
				if strings.Contains(r.stderr+r.stdout, bad) {
					t.Errorf("output holds %q:\n%v", bad, r)
				}
			}
			assertNoInternals(t, r)
		})
	}
}

// A full disk (issue 18 §7), injected as the write's error: the output fails with its own
// message naming the file, not as an unexpected error, and no half file is left.
func TestOutputOnAFullDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "report.pdf")
	err := writeFileAtomic(filepath.Join(dir, "office.db"), name, func(w io.Writer) error {
		if _, err := w.Write([]byte("%PDF-1.4")); err != nil {
			return err
		}
		return &fs.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
	})
	var of outputFailed
	if !errors.As(err, &of) || of.file != name {
		t.Fatalf("a full disk gave %v (%T), want an outputFailed naming %s", err, err, name)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed output left %v", entries)
	}
	for _, lang := range data.Languages {
		msg := translations.New(lang).T("cli.output_failed", "File", name)
		if !strings.Contains(msg, name) || strings.Contains(msg, "<no value>") {
			t.Errorf("%s: %q", lang, msg)
		}
	}
}

// A refused file's error that belongs to no line (the disk filled up while posting) is
// printed as it is: never "line <no value>".
func TestPostErrorWithoutALine(t *testing.T) {
	t.Parallel()
	for _, lang := range data.Languages {
		var out bytes.Buffer
		loc := translations.New(lang)
		err := printLineErrors(&out, loc, data.Errors{data.Forbidden("database", "disk_full"),
			data.Invalid("entry.amount", "money_format", "Line", 3)})
		if !errors.Is(err, errProblemsFound) {
			t.Errorf("%s: got %v", lang, err)
		}
		if strings.Contains(out.String(), "<no value>") || !strings.Contains(out.String(), loc.Error(data.Forbidden("database", "disk_full"))) {
			t.Errorf("%s:\n%s", lang, out.String())
		}
	}
}

// An option given twice is refused by name wherever options are read: the global ones, a
// command's (parseCommand) and those mixed with arguments (parseInterleaved), before and
// after an argument.
func TestOptionGivenTwice(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "office.db")
	for _, args := range [][]string{
		{"--lang", "en", "--db", db, "--db", db, "check"},
		{"--lang", "en", "--db", db, "borrowers", "--json", "--json"},
		{"--lang", "en", "--db", db, "post", "--again", "x.csv", "--again"},
		{"--lang", "en", "--db", db, "report", "office", "-o", "a.pdf", "--date", "2026-01-31", "-o", "b.pdf"},
	} {
		r := runCLI(t, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "is given twice") {
			t.Errorf("%q: want exit 2 and “is given twice”, got %v", args, r)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused command line created the office")
	}
}
