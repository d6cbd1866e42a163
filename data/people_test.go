package data

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestEveryActionHasARow reads the Act… constants from people.go and expects each in the table
// once, with at least one role that may do it.
func TestEveryActionHasARow(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "people.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for _, name := range vs.Names {
				if strings.HasPrefix(name.Name, "Act") {
					consts = append(consts, name.Name)
				}
			}
		}
		return true
	})
	if len(consts) < 20 {
		t.Fatalf("found only %d actions in people.go", len(consts))
	}
	rows := map[Action]int{}
	for _, p := range Permissions {
		rows[p.Action]++
		if len(p.Makers) == 0 {
			t.Errorf("%s: no role may do it", p.Action)
		}
	}
	if len(rows) != len(consts) {
		t.Errorf("%d actions, %d rows in Permissions", len(consts), len(rows))
	}
	for a, n := range rows {
		if n != 1 {
			t.Errorf("%s has %d rows", a, n)
		}
	}
}

func TestRolesAsTheIssueSetsThem(t *testing.T) {
	t.Parallel()
	cases := []struct {
		role Role
		act  Action
		may  bool
	}{
		{RoleTeller, ActCash, true}, {RoleTeller, ActContacts, true}, {RoleTeller, ActHouseholds, false},
		{RoleTeller, ActLoanOpen, false}, {RoleCredit, ActHouseholds, true}, {RoleCredit, ActLoanOpen, true},
		{RoleCredit, ActCash, false}, {RoleAccountant, ActCorrection, true}, {RoleAccountant, ActCloseMonth, true},
		{RoleAccountant, ActRates, false}, {RoleAccountant, ActReopenMonth, false}, {RoleDirector, ActRates, true},
		{RoleDirector, ActReopenMonth, true}, {RoleDirector, ActUserRole, true}, {RoleDirector, ActCash, false},
		{RoleAdmin, ActUsers, true}, {RoleAdmin, ActBackup, true}, {RoleAdmin, ActRestore, true},
		{RoleAdmin, ActCash, false}, {RoleAdmin, ActCorrection, false}, {RoleAdmin, ActPersonal, false},
	}
	for _, c := range cases {
		if MayDo(c.role, c.act) != c.may {
			t.Errorf("MayDo(%s, %s) = %v", c.role, c.act, !c.may)
		}
	}
	for _, a := range []Action{ActCorrection, ActMove, ActFreeze, ActWriteOff, ActRates, ActRules, ActReopenMonth,
		ActRestore, ActUserRole, ActLoanOpen, ActImport} {
		if !NeedsApproval(a) {
			t.Errorf("%s needs no approval", a)
		}
	}
	for _, a := range []Action{ActCash, ActHouseholds, ActCloseMonth} {
		if NeedsApproval(a) {
			t.Errorf("%s needs approval", a)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h1, err := HashPassword("mật khẩu dài")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword("mật khẩu dài")
	if h1 == h2 || !strings.HasPrefix(h1, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hashes %q %q: want a fresh salt each time, in PHC form", h1, h2)
	}
	if !PasswordMatches(h1, "mật khẩu dài") || PasswordMatches(h1, "mật khẩu dai") || PasswordMatches(h1, "") {
		t.Error("PasswordMatches is wrong")
	}
	for _, bad := range []string{"", "$argon2id$", strings.Replace(h1, "argon2id", "argon2i", 1),
		strings.Replace(h1, "m=19456", "m=0", 1), strings.Replace(h1, "t=2", "t=1000", 1), h1[:len(h1)-3] + "!!!"} {
		if PasswordMatches(bad, "mật khẩu dài") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
	if CheckPasswordRule("123456789") == nil || CheckPasswordRule("1234567890") != nil || CheckPasswordRule("mật khẩu1") == nil {
		t.Error("the 10-character rule counts wrong")
	}
	if MaskID("001234567890") != "••••••••7890" || MaskID("123") != "123" {
		t.Errorf("MaskID: %q", MaskID("001234567890"))
	}
}
