package data

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrorCode says what kind of failure an Error is; the UI and CLI choose their wording and exit
// codes from it.
type ErrorCode string

const (
	CodeInvalid   ErrorCode = "invalid"   // the input breaks a rule
	CodeNotFound  ErrorCode = "not_found" // a referenced record does not exist
	CodeConflict  ErrorCode = "conflict"  // the input clashes with saved data (duplicate key, full group)
	CodeForbidden ErrorCode = "forbidden" // the action is not allowed in the record's state
)

// Error is a typed domain error: which field broke which rule, with the rule's parameters.
// Field and Rule are stable identifiers that translations turn into a sentence
// ("field.<Field>", "rule.<Rule>").
type Error struct {
	Code   ErrorCode
	Field  string
	Rule   string
	Params map[string]any
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", e.Code, e.Field, e.Rule)
	if len(e.Params) > 0 {
		keys := make([]string, 0, len(e.Params))
		for k := range e.Params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%v", k, e.Params[k])
		}
	}
	return b.String()
}

// Invalid builds an "invalid" error; params come in key, value pairs.
func Invalid(field, rule string, params ...any) *Error {
	return newError(CodeInvalid, field, rule, params)
}

// Conflict builds a "conflict" error.
func Conflict(field, rule string, params ...any) *Error {
	return newError(CodeConflict, field, rule, params)
}

// NotFound builds a "not_found" error for the entity named by field.
func NotFound(field string, params ...any) *Error {
	return newError(CodeNotFound, field, "not_found", params)
}

// Forbidden builds a "forbidden" error.
func Forbidden(field, rule string, params ...any) *Error {
	return newError(CodeForbidden, field, rule, params)
}

func newError(code ErrorCode, field, rule string, params []any) *Error {
	e := &Error{Code: code, Field: field, Rule: rule}
	if len(params) > 0 {
		e.Params = make(map[string]any, len(params)/2)
		for i := 0; i+1 < len(params); i += 2 {
			e.Params[fmt.Sprint(params[i])] = params[i+1]
		}
	}
	return e
}

// Errors collects every rule a form breaks, so a user sees all of them at once.
type Errors []*Error

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Err returns nil when there is nothing to report, so callers can `return errs.Err()`.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Add appends e when it is not nil.
func (es *Errors) Add(e *Error) {
	if e != nil {
		*es = append(*es, e)
	}
}

// DomainErrors flattens err into the typed errors it carries, through wrapping and
// errors.Join; nil when it carries none.
func DomainErrors(err error) []*Error {
	switch e := err.(type) {
	case nil:
		return nil
	case *Error:
		return []*Error{e}
	case Errors:
		return e
	case interface{ Unwrap() []error }:
		var out []*Error
		for _, inner := range e.Unwrap() {
			out = append(out, DomainErrors(inner)...)
		}
		return out
	}
	return DomainErrors(errors.Unwrap(err))
}

// HasCode reports whether err carries a typed error with the given code.
func HasCode(err error, code ErrorCode) bool {
	for _, e := range DomainErrors(err) {
		if e.Code == code {
			return true
		}
	}
	return false
}

// ForField returns the first typed error in err about field, or nil.
func ForField(err error, field string) *Error {
	for _, e := range DomainErrors(err) {
		if e.Field == field {
			return e
		}
	}
	return nil
}
