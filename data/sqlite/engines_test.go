package sqlite

import (
	"path/filepath"
	"reflect"
	"testing"

	"policycredit/data"
	"policycredit/data/pgtest"
)

// The conformance suite's beginning: the same test functions run against both engines, through
// onEachEngine, and must see the same behaviour (docs/postgres.md). PostgreSQL comes from
// data/pgtest; when it cannot start, these tests fail rather than skip.

var engines = []string{"sqlite", "postgres"}

// engineAddr is a new, empty office's address on engine: a file, or a fresh database.
func engineAddr(t *testing.T, engine string) string {
	t.Helper()
	if engine == "postgres" {
		return pgtest.Database(t)
	}
	return filepath.Join(t.TempDir(), "office.db")
}

// onEachEngine runs fn as a subtest per engine, on a new office of that engine.
// sqliteOnly skips a test of SQLite's own file format on PostgreSQL, saying why.
func sqliteOnly(t *testing.T, s *Store, why string) {
	t.Helper()
	if s.pg {
		t.Skip("SQLite's own: " + why)
	}
}

// dropTrigger is the statement that drops a store trigger on the store's engine.
func dropTrigger(s *Store, name, table string) string {
	if s.pg {
		return "DROP TRIGGER " + name + " ON " + table
	}
	return "DROP TRIGGER " + name
}

func onEachEngine(t *testing.T, fn func(t *testing.T, s *Store, addr string)) {
	for _, e := range engines {
		t.Run(e, func(t *testing.T) {
			addr := engineAddr(t, e)
			fn(t, openTest(t, addr), addr)
		})
	}
}

// A new office: its schema, its seeded settings and catalogue; saving, listing and renaming
// communes, the refusal of a taken code (whatever its case in SQLite's and PostgreSQL's
// reading alike), the audit of each change; and opening it again finds it as it was.
func TestEnginesPlaces(t *testing.T) {
	settings := map[string]data.Settings{}
	programs := map[string]int{}
	onEachEngine(t, func(t *testing.T, s *Store, addr string) {
		if !s.IsNew() {
			t.Error("a new office is not new")
		}
		got, err := s.Settings(userCtx)
		if err != nil {
			t.Fatalf("Settings: %v", err)
		}
		settings[t.Name()] = got
		ps, err := s.Programs(userCtx)
		if err != nil {
			t.Fatalf("Programs: %v", err)
		}
		programs[t.Name()] = len(ps)

		b := data.Commune{Code: "27002", Name: "Xã Hòa Bình"}
		a := data.Commune{Code: "27001", Name: "Xã Tân Lập"}
		must(t, s.SaveCommune(userCtx, &b))
		must(t, s.SaveCommune(userCtx, &a))
		if b.ID == 0 || a.ID == 0 || a.ID == b.ID {
			t.Fatalf("ids %d, %d", b.ID, a.ID)
		}
		dup := data.Commune{Code: "27001", Name: "Xã Khác"}
		err = s.SaveCommune(userCtx, &dup)
		if !data.HasCode(err, data.CodeConflict) || data.ForField(err, "commune.code") == nil {
			t.Errorf("a taken code: %v, want Conflict on commune.code", err)
		}
		if dup.ID != 0 {
			t.Errorf("the refused commune got id %d", dup.ID)
		}
		a.Name, a.FormerName = "Xã Tân Lập Mới", "Xã Tân Lập"
		must(t, s.SaveCommune(userCtx, &a))

		cs, err := s.Communes(userCtx)
		if err != nil {
			t.Fatal(err)
		}
		want := []data.Commune{a, b}
		if !reflect.DeepEqual(cs, want) {
			t.Errorf("Communes = %+v, want %+v", cs, want)
		}
		log, err := s.Audit(userCtx, "commune", idString(a.ID))
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2 || log[0].Action != "create" || log[1].Action != "update" {
			t.Errorf("audit of commune %d = %+v, want create then update", a.ID, log)
		}

		// Opened again (another PC, on PostgreSQL): nothing new, nothing re-applied.
		again := openTest(t, addr)
		if again.IsNew() {
			t.Error("an existing office opens as new")
		}
		cs, err = again.Communes(userCtx)
		if err != nil || !reflect.DeepEqual(cs, want) {
			t.Errorf("reopened: Communes = %+v, %v", cs, err)
		}
	})
	if !reflect.DeepEqual(settings[t.Name()+"/sqlite"], settings[t.Name()+"/postgres"]) {
		t.Errorf("settings differ:\nsqlite   %+v\npostgres %+v", settings[t.Name()+"/sqlite"], settings[t.Name()+"/postgres"])
	}
	if programs[t.Name()+"/sqlite"] == 0 || programs[t.Name()+"/sqlite"] != programs[t.Name()+"/postgres"] {
		t.Errorf("programs: %v", programs)
	}
}
