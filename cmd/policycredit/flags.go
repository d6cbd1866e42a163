package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"policycredit/translations"
)

// The one place where every command line's options are read (issue 18 §8): the flag package
// lets an option given twice silently keep the last value, and says "invalid value … for flag
// -x" in English; here an option given twice is refused by name, and a value that cannot be
// read says, in the user's language, which option and what it expects.

// errFlagRepeated stops flag.Parse at an option's second value.
var errFlagRepeated = errors.New("option given twice")

// flagGuard watches a flag set's options: which were given, and the first mistake.
type flagGuard struct {
	repeated string // the option given twice
	bad      string // the option whose value could not be read
	value    string // that value
	expects  string // message ID of what the option expects
}

// guardedValue counts the values given to one option.
type guardedValue struct {
	flag.Value
	name  string
	given bool
	guard *flagGuard
}

func (v *guardedValue) Set(s string) error {
	if v.given {
		v.guard.repeated = v.name
		return errFlagRepeated
	}
	v.given = true
	if err := v.Value.Set(s); err != nil {
		v.guard.bad, v.guard.value, v.guard.expects = v.name, s, expectsOf(v.Value)
		return err
	}
	return nil
}

// guardedBool keeps a boolean option usable without a value (--json).
type guardedBool struct{ *guardedValue }

func (b guardedBool) IsBoolFlag() bool { return true }

// guardFlags wraps every option of fs; parse calls it once per flag set.
func guardFlags(fs *flag.FlagSet) *flagGuard {
	g := &flagGuard{}
	fs.VisitAll(func(f *flag.Flag) {
		if _, done := f.Value.(*guardedValue); done {
			return
		}
		v := &guardedValue{Value: f.Value, name: f.Name, guard: g}
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			f.Value = guardedBool{v}
			return
		}
		f.Value = v
	})
	return g
}

// expectsOf is the message ID saying what an option's value must be.
func expectsOf(v flag.Value) string {
	switch v.(type) {
	case *dateFlag:
		return "cli.expects_date"
	case *monthFlag:
		return "cli.expects_month"
	case *moneyFlag:
		return "cli.expects_amount"
	}
	switch fmt.Sprintf("%T", v) {
	case "*flag.intValue", "*flag.int64Value", "*flag.uintValue", "*flag.uint64Value":
		return "cli.expects_number"
	case "*flag.boolValue":
		return "cli.expects_bool"
	case "*flag.durationValue":
		return "cli.expects_duration"
	}
	return "cli.expects_value"
}

// optionName is an option as the user types it: -o, --date.
func optionName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// parseFlags parses args with fs (guarded by guard from guardFlags) and turns the flag
// package's error into a translated sentence that names the option.
func parseFlags(loc *translations.Localizer, fs *flag.FlagSet, guard *flagGuard, args []string) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return err
	case err == nil:
		// Given empty, a text option is a script's missing variable: left out, it would
		// have had its default.
		if name := blankGiven(fs, blankable(fs)...); name != "" {
			return errors.New(loc.T("cli.blank_flag", "Flag", optionName(name)))
		}
		return nil
	case guard.repeated != "":
		return errors.New(loc.T("cli.repeated_flag", "Flag", optionName(guard.repeated)))
	case guard.bad != "":
		return errors.New(loc.T("cli.bad_value", "Flag", optionName(guard.bad), "Value", guard.value,
			"Expected", loc.T(guard.expects)))
	}
	if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
		return errors.New(loc.T("cli.unknown_flag", "Flag", name))
	}
	return errors.New(loc.T("cli.bad_flag", "Error", err.Error()))
}

// mayBeBlank are the text options where an empty value means something: no search words,
// no note or purpose.
var mayBeBlank = map[string]bool{"search": true, "note": true, "purpose": true}

// blankable are fs's text options that must not be given empty.
func blankable(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		inner := f.Value
		if gv, ok := inner.(*guardedValue); ok {
			inner = gv.Value
		}
		if fmt.Sprintf("%T", inner) == "*flag.stringValue" && !mayBeBlank[f.Name] {
			names = append(names, f.Name)
		}
	})
	return names
}

// inRange refuses an option's number outside min..max, naming the option and the range.
func inRange(g globals, usage, name string, v, min, max int64) error {
	if v >= min && v <= max {
		return nil
	}
	loc := translations.New(g.langOr("vi"))
	return usageError{loc.T("cli.out_of_range", "Flag", optionName(name), "Value", strconv.FormatInt(v, 10),
		"Min", strconv.FormatInt(min, 10), "Max", strconv.FormatInt(max, 10)) + "\n" + loc.T(usage)}
}

// oneOf refuses an option's value that is not in list, naming the option and the choices.
func oneOf(g globals, usage, name, value string, list ...string) error {
	for _, x := range list {
		if x == value {
			return nil
		}
	}
	loc := translations.New(g.langOr("vi"))
	return usageError{loc.T("cli.not_one_of", "Flag", optionName(name), "Value", value, "List", strings.Join(list, ", ")) +
		"\n" + loc.T(usage)}
}

// notLonger refuses a text option longer than max characters.
func notLonger(g globals, usage, name, value string, max int) error {
	if len([]rune(value)) <= max {
		return nil
	}
	loc := translations.New(g.langOr("vi"))
	return usageError{loc.T("cli.too_long_flag", "Flag", optionName(name), "Max", max) + "\n" + loc.T(usage)}
}

// given says whether the user gave the option (even with the default's value).
func given(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// blankGiven is the first of names that was given with nothing in it (--user ""), which is
// always a mistake: left out, the option would have its default.
func blankGiven(fs *flag.FlagSet, names ...string) string {
	for _, n := range names {
		if f := fs.Lookup(n); f != nil && given(fs, n) && strings.TrimSpace(f.Value.String()) == "" {
			return n
		}
	}
	return ""
}

// maxInputMB bounds a file the command line reads whole (a CSV of entries, a filled-in
// collection list): a district's year of entries is a few MB, so anything larger is the wrong
// file, and reading it would only fill the memory.
const maxInputMB = 50

// checkInput refuses, before anything is read, an input that is missing, a folder, or not a
// regular file (a device such as /dev/zero never ends; a pipe may never end).
func checkInput(loc *translations.Localizer, name string) (os.FileInfo, error) {
	fi, err := os.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist) || (err == nil && name == ""):
		return nil, failure{loc.T("cli.input_missing", "File", name)}
	case err != nil:
		return nil, failure{loc.T("cli.input_unreadable", "File", name)}
	case fi.IsDir():
		return nil, failure{loc.T("cli.input_folder", "File", name)}
	case !fi.Mode().IsRegular():
		return nil, failure{loc.T("cli.input_not_regular", "File", name)}
	}
	return fi, nil
}

// readInput reads a whole input file after checkInput, at most maxInputMB: a file that grows
// while it is read is cut off there and refused too.
func readInput(loc *translations.Localizer, name string) ([]byte, error) {
	fi, err := checkInput(loc, name)
	if err != nil {
		return nil, err
	}
	const max = maxInputMB << 20
	tooBig := failure{loc.T("cli.input_too_big", "File", name, "Max", maxInputMB)}
	if fi.Size() > max {
		return nil, tooBig
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, failure{loc.T("cli.input_unreadable", "File", name)}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, failure{loc.T("cli.input_unreadable", "File", name)}
	}
	if len(b) > max {
		return nil, tooBig
	}
	return b, nil
}
