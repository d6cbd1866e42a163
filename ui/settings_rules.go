package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// The Settings screen's dated rules: each rule's periods, and a form that adds one after a
// confirmation stating the effective date and how many loans it changes.

// ruleChoices are the values of the rules picked from a list rather than typed.
var ruleChoices = map[data.RuleKey][]string{
	data.RuleInterestBasis:  {string(data.Basis30), string(data.Basis365)},
	data.RuleFrozenAccrues:  {"false", "true"},
	data.RuleFeeBase:        {string(data.BaseOutstandingPaid), string(data.BaseInterestCollected)},
	data.RuleCommissionBase: {string(data.BaseInterestCollected), string(data.BaseOutstandingPaid)},
}

func (s *settingsScreen) buildRulePeriods() {
	loc := s.app.loc
	s.ruleHistory = widget.NewLabel("")
	s.ruleHistory.Wrapping = fyne.TextWrapWord
	names := make([]string, len(data.RuleSpecs))
	for i, spec := range data.RuleSpecs {
		names[i] = loc.T("field.settings." + string(spec.Key))
	}
	s.ruleChoice = newSelect(loc, nil, nil)
	s.ruleValue = widget.NewEntry()
	s.ruleFrom = widget.NewEntry()
	s.ruleFrom.SetPlaceHolder(loc.T("formsdesk.hint.date"))
	s.ruleKey = newSelect(loc, names, func(string) { s.showRuleInput() })
	s.periodForm = newForm(loc)
	s.periodForm.add("settings.rule", s.ruleKey)
	s.periodForm.add("settings.rule_value", container.NewStack(s.ruleChoice, s.ruleValue))
	s.periodForm.add("settings.rule_from", s.ruleFrom)
	s.addPeriod = widget.NewButton(loc.T("settings.add_period"), s.askAddPeriod)
	s.addingPeriod.guard(s.addPeriod)
	submitOnEnter(s.askAddPeriod, s.ruleValue, s.ruleFrom)
	s.ruleKey.SetSelectedIndex(0)
}

// chosenRule is the rule the period form is for.
func (s *settingsScreen) chosenRule() data.RuleSpec {
	i := s.ruleKey.SelectedIndex()
	if i < 0 || i >= len(data.RuleSpecs) {
		i = 0
	}
	return data.RuleSpecs[i]
}

// showRuleInput shows a list for a rule with a few values, an entry for a typed one.
func (s *settingsScreen) showRuleInput() {
	spec := s.chosenRule()
	choices, listed := ruleChoices[spec.Key]
	if !listed {
		s.ruleChoice.Hide()
		s.ruleValue.Show()
		s.ruleValue.SetPlaceHolder(spec.Allowed)
		return
	}
	labels := make([]string, len(choices))
	for i, v := range choices {
		labels[i] = s.ruleValueText(data.RulePeriod{Key: spec.Key, Value: v})
	}
	s.ruleChoice.SetOptions(labels)
	s.ruleChoice.SetSelectedIndex(0)
	s.ruleValue.Hide()
	s.ruleChoice.Show()
}

// ruleValueText is a period's value as a person reads it.
func (s *settingsScreen) ruleValueText(p data.RulePeriod) string {
	loc := s.app.loc
	switch p.Key {
	case data.RuleInterestBasis:
		return loc.T("basis." + p.Value)
	case data.RuleFrozenAccrues:
		if p.Value == "true" {
			return loc.T("settings.frozen_accrues_label")
		}
		return loc.T("settings.frozen_no_interest")
	case data.RulePenaltyPercent:
		return loc.T("settings.penalty_value", "Percent", p.Value)
	case data.RuleSavingsRate:
		n, _ := strconv.ParseInt(p.Value, 10, 64)
		return loc.T("settings.savings_rate_value", "Rate", loc.Percent(data.Rate(n)))
	}
	if text, ok := settlementRuleText(loc, p); ok {
		return text
	}
	return p.Value
}

// ruleHistoryText lists each rule with its periods, the one in force on the working date
// marked.
func (s *settingsScreen) ruleHistoryText(rules data.Rules, st data.Settings) string {
	loc := s.app.loc
	on := st.WorkingDay(data.DateOf(time.Now()))
	var b strings.Builder
	for _, spec := range data.RuleSpecs {
		b.WriteString(loc.T("field.settings." + string(spec.Key)))
		b.WriteString("\n")
		ps := rules.Periods(spec.Key)
		if len(ps) == 0 {
			// A rule no period was ever added to reads its default from the start.
			if v, ok := settlementDefault(st, spec.Key); ok {
				ps = []data.RulePeriod{{Key: spec.Key, Effective: data.RulesBeginning, Value: v}}
			}
		}
		for i, p := range ps {
			inForce := !p.Effective.After(on) && (i+1 == len(ps) || ps[i+1].Effective.After(on))
			id := "settings.period"
			switch {
			// The first period of an office that never changed a rule starts at a date
			// that is no one's decision: it reads "from the start", not "from 01/01/1900".
			case !p.Effective.After(data.RulesBeginning) && inForce:
				id = "settings.period_initial_in_force"
			case !p.Effective.After(data.RulesBeginning):
				id = "settings.period_initial"
			case inForce:
				id = "settings.period_in_force"
			}
			b.WriteString("    " + loc.T(id, "Date", loc.Date(p.Effective), "Value", s.ruleValueText(p)) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// readPeriod turns the period form into a period, or shows what is wrong with it.
func (s *settingsScreen) readPeriod() (data.RulePeriod, bool) {
	loc := s.app.loc
	spec := s.chosenRule()
	typed := s.ruleValue.Text
	if choices, listed := ruleChoices[spec.Key]; listed {
		if i := s.ruleChoice.SelectedIndex(); i >= 0 && i < len(choices) {
			typed = choices[i]
		}
	} else if typedAsPercent[spec.Key] {
		// Typed in the user's language ("0,15"), like program rates.
		if r, err := loc.ParsePercent(typed); err == nil {
			typed = r.PercentString()
		}
	}
	from, e := parseDateField(loc, "settings.rule_from", s.ruleFrom.Text)
	var errs data.Errors
	errs.Add(e)
	p, err := data.NewRulePeriod(string(spec.Key), typed, from)
	for _, x := range data.DomainErrors(err) {
		c := *x
		if c.Field != "settings.rule_from" {
			c.Field = "settings.rule_value" // the value's message sits under the value
		}
		if c.Field != "settings.rule_from" || e == nil {
			errs.Add(&c)
		}
	}
	if len(errs) > 0 {
		s.periodForm.showErrors(errs)
		return data.RulePeriod{}, false
	}
	s.periodForm.clearErrors()
	return p, true
}

// askAddPeriod counts the loans the period changes, then asks before adding it.
func (s *settingsScreen) askAddPeriod() {
	// Add period stays disabled from here (the count, the question, the write) until the
	// period is added or the question declined: Enter typed meanwhile must not ask again.
	if s.addingPeriod.running || s.addPeriod.Disabled() {
		return
	}
	p, ok := s.readPeriod()
	if !ok {
		return
	}
	a := s.app
	loc := a.loc
	s.addPeriod.Disable()
	var n int
	a.async(func(ctx context.Context) (err error) {
		n, err = a.store.RulePeriodImpact(ctx, p.Key, p.Effective)
		return err
	}, func(err error) {
		if err != nil {
			s.addPeriod.Enable()
			a.showError(err)
			return
		}
		id := "settings.period_confirm"
		switch {
		case p.Key == data.RuleSavingsRate:
			id = "settings.period_confirm_savings"
		case settlementRules[p.Key]:
			id = "settleui.period_confirm" // changes months settled later, no loan
		}
		text := widget.NewLabel(loc.T(id, "Rule", loc.T("field.settings."+string(p.Key)),
			"Value", s.ruleValueText(p), "Date", loc.Date(p.Effective), "Count", loc.Number(int64(n))))
		text.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustomConfirm(loc.T("settings.period_confirm_title"), loc.T("settings.add_period"), loc.T("action.cancel"),
			text, func(yes bool) {
				if !yes {
					s.addPeriod.Enable()
					return
				}
				s.savePeriod(p)
			}, a.win)
		d.Resize(fyne.NewSize(520, 0))
		d.Show()
	})
}

// savePeriod writes the period, the add button staying disabled until the write is done.
func (s *settingsScreen) savePeriod(p data.RulePeriod) {
	a := s.app
	loc := a.loc
	var st data.Settings
	a.write(&s.addingPeriod, func(ctx context.Context) (err error) {
		if err = a.store.AddRulePeriod(ctx, p); err != nil {
			return err
		}
		st, err = a.store.Settings(ctx)
		return err
	}, func(err error) {
		s.addPeriod.Enable()
		if a.requested(err) { // the period applies once approved
			s.periodForm.clearErrors()
			s.ruleValue.SetText("")
			s.ruleFrom.SetText("")
			return
		}
		if err != nil {
			if rest := s.periodForm.showErrors(err); rest != nil {
				a.showError(rest)
			}
			return
		}
		s.settings.Rules = st.Rules
		a.settings = st
		s.ruleValue.SetText("")
		s.ruleFrom.SetText("")
		s.ruleHistory.SetText(s.ruleHistoryText(st.Rules, st))
		a.notify(loc.T("settings.period_added", "Rule", loc.T("field.settings."+string(p.Key)),
			"Value", s.ruleValueText(p), "Date", loc.Date(p.Effective)))
	})
}
