package data

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// fieldRules lists "field:rule" for every typed error err carries, in order, so a test can
// compare the whole set of complaints a form produces at once.
func fieldRules(err error) []string {
	var out []string
	for _, e := range DomainErrors(err) {
		out = append(out, e.Field+":"+e.Rule)
	}
	return out
}

// checkOne asserts that e is nil when want is "", or that it is an "invalid" error whose
// "field:rule" is want.
func checkOne(t *testing.T, name string, e *Error, want string) {
	t.Helper()
	if want == "" {
		if e != nil {
			t.Errorf("%s: got %v, want no error", name, e)
		}
		return
	}
	if e == nil {
		t.Errorf("%s: got no error, want %s", name, want)
		return
	}
	if got := e.Field + ":" + e.Rule; got != want {
		t.Errorf("%s: got %s, want %s", name, got, want)
	}
	if e.Code != CodeInvalid {
		t.Errorf("%s: code %q, want %q", name, e.Code, CodeInvalid)
	}
}

// checkAll asserts the exact list of "field:rule" an error carries (nil want: no error).
func checkAll(t *testing.T, name string, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Errorf("%s: got %v, want no error", name, err)
		}
		return
	}
	if got := fieldRules(err); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %q, want %q (err %v)", name, got, want, err)
	}
}

func TestErrorConstructorsAndString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		err       *Error
		code      ErrorCode
		field     string
		rule      string
		params    map[string]any
		formatted string
	}{
		{"invalid without params", Invalid("borrower.code", "required"),
			CodeInvalid, "borrower.code", "required", nil,
			"invalid borrower.code: required"},
		// Params print sorted by key: Max before Min.
		{"invalid with params", Invalid("settings.group_max", "range", "Min", 10, "Max", 200),
			CodeInvalid, "settings.group_max", "range", map[string]any{"Min": 10, "Max": 200},
			"invalid settings.group_max: range Max=200 Min=10"},
		{"conflict", Conflict("group.code", "duplicate", "Code", "T01"),
			CodeConflict, "group.code", "duplicate", map[string]any{"Code": "T01"},
			"conflict group.code: duplicate Code=T01"},
		{"not found", NotFound("borrower", "ID", 42),
			CodeNotFound, "borrower", "not_found", map[string]any{"ID": 42},
			"not_found borrower: not_found ID=42"},
		{"forbidden", Forbidden("program", "closed"),
			CodeForbidden, "program", "closed", nil,
			"forbidden program: closed"},
		// An odd trailing key has no value and is dropped.
		{"odd params", Invalid("x", "y", "A", 1, "B"),
			CodeInvalid, "x", "y", map[string]any{"A": 1},
			"invalid x: y A=1"},
	}
	for _, tc := range tests {
		e := tc.err
		if e.Code != tc.code || e.Field != tc.field || e.Rule != tc.rule {
			t.Errorf("%s: got %s/%s/%s, want %s/%s/%s", tc.name, e.Code, e.Field, e.Rule, tc.code, tc.field, tc.rule)
		}
		if !reflect.DeepEqual(e.Params, tc.params) {
			t.Errorf("%s: params %v, want %v", tc.name, e.Params, tc.params)
		}
		if got := e.Error(); got != tc.formatted {
			t.Errorf("%s: Error() = %q, want %q", tc.name, got, tc.formatted)
		}
	}
}

func TestErrorsErrAndAdd(t *testing.T) {
	t.Parallel()
	var errs Errors
	if err := errs.Err(); err != nil {
		t.Fatalf("empty Errors: Err() = %v, want nil", err)
	}
	errs.Add(nil) // ignored
	if len(errs) != 0 {
		t.Fatalf("Add(nil) appended: %v", errs)
	}
	if err := errs.Err(); err != nil {
		t.Fatalf("after Add(nil): Err() = %v, want nil", err)
	}
	errs.Add(Invalid("a", "required"))
	errs.Add(Conflict("b", "duplicate"))
	err := errs.Err()
	if err == nil {
		t.Fatal("Err() = nil with two errors")
	}
	if got, want := err.Error(), "invalid a: required; conflict b: duplicate"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestDomainErrors(t *testing.T) {
	t.Parallel()
	one := Invalid("borrower.phone", "phone_format")
	var many Errors
	many.Add(Invalid("borrower.code", "required"))
	many.Add(Invalid("borrower.village", "required"))
	many.Add(Conflict("borrower.code", "duplicate"))

	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"nil", nil, nil},
		{"plain error", errors.New("disk full"), nil},
		{"single", one, []string{"borrower.phone:phone_format"}},
		{"single wrapped", fmt.Errorf("save borrower: %w", one), []string{"borrower.phone:phone_format"}},
		{"single wrapped twice", fmt.Errorf("import row 7: %w", fmt.Errorf("save: %w", one)), []string{"borrower.phone:phone_format"}},
		{"many", many.Err(), []string{"borrower.code:required", "borrower.village:required", "borrower.code:duplicate"}},
		{"many wrapped", fmt.Errorf("save borrower: %w", many.Err()), []string{"borrower.code:required", "borrower.village:required", "borrower.code:duplicate"}},
		{"wrapped with %v loses type", fmt.Errorf("save: %v", one), nil},
	}
	for _, tc := range tests {
		if got := fieldRules(tc.err); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestHasCode(t *testing.T) {
	t.Parallel()
	var many Errors
	many.Add(Invalid("borrower.code", "required"))
	many.Add(Conflict("group.code", "duplicate"))
	wrapped := fmt.Errorf("save: %w", many.Err())

	tests := []struct {
		name string
		err  error
		code ErrorCode
		want bool
	}{
		{"nil", nil, CodeInvalid, false},
		{"plain", errors.New("x"), CodeInvalid, false},
		{"not found wrapped", fmt.Errorf("load: %w", NotFound("borrower")), CodeNotFound, true},
		{"not found is not conflict", fmt.Errorf("load: %w", NotFound("borrower")), CodeConflict, false},
		{"many has invalid", wrapped, CodeInvalid, true},
		{"many has conflict", wrapped, CodeConflict, true},
		{"many has no forbidden", wrapped, CodeForbidden, false},
	}
	for _, tc := range tests {
		if got := HasCode(tc.err, tc.code); got != tc.want {
			t.Errorf("%s: HasCode(%v, %s) = %v, want %v", tc.name, tc.err, tc.code, got, tc.want)
		}
	}
}

func TestForField(t *testing.T) {
	t.Parallel()
	first := Invalid("borrower.code", "required")
	second := Conflict("borrower.code", "duplicate")
	phone := Invalid("borrower.phone", "phone_format")
	var many Errors
	many.Add(first)
	many.Add(phone)
	many.Add(second)
	wrapped := fmt.Errorf("save: %w", many.Err())

	tests := []struct {
		name  string
		err   error
		field string
		want  *Error
	}{
		{"first of two for the field", wrapped, "borrower.code", first},
		{"other field", wrapped, "borrower.phone", phone},
		{"absent field", wrapped, "borrower.name", nil},
		{"single wrapped", fmt.Errorf("x: %w", phone), "borrower.phone", phone},
		{"nil error", nil, "borrower.code", nil},
	}
	for _, tc := range tests {
		if got := ForField(tc.err, tc.field); got != tc.want {
			t.Errorf("%s: ForField(%q) = %v, want %v", tc.name, tc.field, got, tc.want)
		}
	}
}

// errors.Join carries several failures (a form's checks plus a store's); every typed one must
// reach the form, not only the first.
func TestDomainErrorsThroughJoin(t *testing.T) {
	t.Parallel()
	joined := errors.Join(Invalid("a", "b"), fmt.Errorf("wrapped: %w", Errors{Invalid("c", "d"), Conflict("e", "f")}), errors.New("plain"))
	got := fieldRules(joined)
	want := []string{"a:b", "c:d", "e:f"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("DomainErrors(errors.Join(…)) = %v, want %v", got, want)
	}
	if !HasCode(joined, CodeConflict) || ForField(joined, "c") == nil {
		t.Fatal("HasCode/ForField miss errors after the first in a join")
	}
}
