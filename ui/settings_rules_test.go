package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"policycredit/data"
)

func TestSettingsAddsARulePeriodAfterConfirming(t *testing.T) {
	a, store := newTestApp(t, "en", "settings")
	s := a.currentScreen().(*settingsScreen)
	ctx := context.Background()
	if h := s.ruleHistory.Text; !strings.Contains(h, "Interest calculation") || !strings.Contains(h, "from the start: Balance × days × monthly rate ÷ 30 (in force)") ||
		strings.Contains(h, "1900") { // the first period's date is no one's decision
		t.Fatalf("history = %q", h)
	}
	before, _ := store.RulePeriods(ctx)

	// A bad value and a bad date are refused under their fields, before any question.
	s.ruleKey.SetSelectedIndex(1) // penalty_percent
	if !s.ruleValue.Visible() || s.ruleChoice.Visible() {
		t.Fatal("the penalty rate is not typed")
	}
	s.ruleValue.SetText("douze")
	s.ruleFrom.SetText("31/02/2031")
	s.askAddPeriod()
	a.Wait()
	if s.periodForm.errorText("settings.rule_value") == "" || s.periodForm.errorText("settings.rule_from") == "" {
		t.Fatalf("no messages: value %q, date %q", s.periodForm.errorText("settings.rule_value"), s.periodForm.errorText("settings.rule_from"))
	}
	if overlayWith(a, a.loc.T("settings.period_confirm_title")) != nil {
		t.Fatal("a refused period asked for confirmation")
	}

	// Cancelled: nothing written, the button usable again.
	s.ruleValue.SetText("150")
	s.ruleFrom.SetText("2031-01-01")
	s.askAddPeriod()
	a.Wait()
	if !s.addPeriod.Disabled() {
		t.Error("the add button stays enabled while the question is open")
	}
	o := overlayWith(a, a.loc.T("settings.period_confirm_title"))
	if o == nil {
		t.Fatal("no confirmation")
	}
	test.Tap(buttonIn(o, a.loc.T("action.cancel"), nil))
	a.Wait()
	if after, _ := store.RulePeriods(ctx); len(after) != len(before) || s.addPeriod.Disabled() {
		t.Fatalf("cancel: rules %+v, button disabled %v", after, s.addPeriod.Disabled())
	}

	// Confirmed: the question states the rule, the value, the date and the loans affected.
	s.askAddPeriod()
	a.Wait()
	o = overlayWith(a, a.loc.T("settings.period_confirm_title"))
	var question string
	for _, x := range shownTexts(o) {
		if strings.Contains(x.text, "from 1 Jan 2031") {
			question = x.text
		}
	}
	if !strings.Contains(question, "Penalty rate (% of lending rate): 150 % of the lending rate from 1 Jan 2031") ||
		!strings.Contains(question, "0 loans") {
		t.Errorf("question = %q", question)
	}
	test.Tap(buttonIn(o, a.loc.T("settings.add_period"), nil))
	a.Wait()
	after, _ := store.RulePeriods(ctx)
	ps := after.Periods(data.RulePenaltyPercent)
	if len(ps) != 2 || ps[1] != (data.RulePeriod{Key: data.RulePenaltyPercent, Effective: data.MustDate("2031-01-01"), Value: "150"}) {
		t.Fatalf("penalty periods = %+v", ps)
	}
	if h := s.ruleHistory.Text; !strings.Contains(h, "from 1 Jan 2031: 150 % of the lending rate") ||
		!strings.Contains(h, "from the start: 130 % of the lending rate (in force)") {
		t.Errorf("history after adding = %q", h)
	}
	if !strings.Contains(a.status.Text, "added") || s.addPeriod.Disabled() || s.ruleValue.Text != "" {
		t.Errorf("status %q, button disabled %v, value %q", a.status.Text, s.addPeriod.Disabled(), s.ruleValue.Text)
	}

	// A rule with a few values is picked from a list.
	s.ruleKey.SetSelectedIndex(0)
	if !s.ruleChoice.Visible() || s.ruleValue.Visible() {
		t.Fatal("the interest basis is not picked from a list")
	}
	s.ruleChoice.SetSelectedIndex(1)
	s.ruleFrom.SetText("2030-07-01")
	if p, ok := s.readPeriod(); !ok || p.Value != "days365" || p.Key != data.RuleInterestBasis {
		t.Errorf("period read = %+v, %v", p, ok)
	}
}
