package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// settle freezes a month once, says what it settled, and reverses only with a reason.
func TestSettleCommand(t *testing.T) {
	t.Parallel()
	db := smallDB(t)
	r := mustRun(t, "--db", db, "--lang", "en", "settle", "--month", "2026-10", "--json")
	var sum settleSummary
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("settle --json: %v\n%s", err, r.stdout)
	}
	rated := 0
	for _, n := range sum.Ratings {
		rated += n
	}
	if sum.Month != "2026-10" || sum.Fees <= 0 || sum.Commissions <= 0 || sum.Groups == 0 || rated != sum.Groups ||
		sum.Associations == 0 || sum.Communes == 0 {
		t.Errorf("summary %+v", sum)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"settle", "--month", "2026-10"}, exitFailed, "already settled"},
		{[]string{"settle", "--month", "2099-01"}, exitFailed, "not over yet"},
		{[]string{"settle"}, exitUsage, "--month"},
		{[]string{"settle", "--month", "2026-13"}, exitUsage, "2026-13"},
		{[]string{"settle", "--month", "2026-10", "--reverse"}, exitUsage, "--reason"},
		{[]string{"settle", "--month", "2026-09", "--reverse", "--reason", "x"}, exitFailed, "2026-09 is not settled"},
	} {
		r := runCLI(t, append([]string{"--db", db, "--lang", "en"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s%s", c.args, r.code, c.code, c.want, r.stdout, r.stderr)
		}
	}
	r = mustRun(t, "--db", db, "--lang", "en", "settle", "--month", "2026-10", "--reverse", "--reason", "wrong fee rate")
	if !strings.Contains(r.stdout, "reversed") {
		t.Errorf("reverse: %s", r.stdout)
	}
	r = mustRun(t, "--db", db, "--lang", "vi", "settle", "--month", "2026-10")
	if !strings.Contains(r.stdout, "Đã quyết toán tháng 2026-10") || !strings.Contains(r.stdout, "Xếp loại tổ") {
		t.Errorf("settle again: %s", r.stdout)
	}
}
