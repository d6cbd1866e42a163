package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"policycredit/data"
	"policycredit/translations"
)

// settingsJSON is the machine form of `settings --json`: each dated rule with its periods.
type settingsJSON struct {
	Date  string         `json:"date"`
	Rules []ruleJSONForm `json:"rules"`
}

type ruleJSONForm struct {
	Key     string           `json:"key"`
	Name    string           `json:"name"`
	InForce string           `json:"in_force"`
	Periods []rulePeriodJSON `json:"periods"`
}

type rulePeriodJSON struct {
	From  string `json:"from"`
	Value string `json:"value"` // as `settings set` takes it: the savings rate in %/month
}

// cmdSettings lists the dated rules (`settings [--json]`) or adds a period to one
// (`settings set KEY VALUE --from YYYY-MM-DD`).
func cmdSettings(g globals, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "set" {
		return cmdSettingsSet(g, args[1:], out)
	}
	fs := flag.NewFlagSet("settings", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseCommand(g, "settings", fs, args, 0); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		set, err := s.Settings(ctx)
		if err != nil {
			return err
		}
		on := set.WorkingDay(data.DateOf(time.Now()))
		j := settingsJSON{Date: on.String(), Rules: []ruleJSONForm{}}
		for _, spec := range data.RuleSpecs {
			r := ruleJSONForm{Key: string(spec.Key), Name: loc.T("field.settings." + string(spec.Key)), Periods: []rulePeriodJSON{}}
			for _, p := range set.Rules.Periods(spec.Key) {
				r.Periods = append(r.Periods, rulePeriodJSON{From: p.Effective.String(), Value: p.Typed()})
				if !p.Effective.After(on) {
					r.InForce = p.Typed()
				}
			}
			j.Rules = append(j.Rules, r)
		}
		if *asJSON {
			return writeJSON(out, j)
		}
		fmt.Fprintln(out, loc.T("cli.settings_header", "Date", loc.Date(on)))
		for _, r := range j.Rules {
			fmt.Fprintf(out, "%s — %s\n", r.Key, r.Name)
			for _, p := range r.Periods {
				from, _ := data.ParseDate(p.From)
				mark := " "
				if isLastBefore(r.Periods, p, on) {
					mark = "*"
				}
				fmt.Fprintf(out, "  %s %s  %s\n", mark, loc.Date(from), p.Value)
			}
		}
		return nil
	})
}

// isLastBefore reports whether p is the last of ps effective on or before on: the one in force.
func isLastBefore(ps []rulePeriodJSON, p rulePeriodJSON, on data.Date) bool {
	last := ""
	for _, x := range ps {
		if d, _ := data.ParseDate(x.From); !d.After(on) {
			last = x.From
		}
	}
	return last == p.From
}

func cmdSettingsSet(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("settings set", flag.ContinueOnError)
	var from dateFlag
	fs.Var(&from, "from", "effective date YYYY-MM-DD")
	pos, err := parseInterleaved(g, "cli.usage_settings", fs, args, 2)
	if err != nil {
		return err
	}
	if err := missing(g, "cli.usage_settings", map[string]bool{"from": from.set}); err != nil {
		return err
	}
	key, value := pos[0], pos[1]
	loc := translations.New(g.langOr("vi"))
	spec, ok := data.RuleSpecOf(data.RuleKey(key))
	if !ok {
		return usageError{loc.T("cli.settings_bad_key", "Key", key, "Keys", data.RuleKeyNames()) + "\n" + loc.T("cli.usage_settings")}
	}
	p, err := data.NewRulePeriod(key, value, from.d)
	if err != nil {
		return usageError{loc.T("cli.settings_bad_value", "Key", key, "Value", value, "Allowed", spec.Allowed) + "\n" + loc.Error(err)}
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		n, err := s.RulePeriodImpact(ctx, p.Key, p.Effective)
		if err != nil {
			return err
		}
		// A rule period is a request a second user approves: its impact is shown all the
		// same, for the maker and in the request's sentence that follows.
		err = s.AddRulePeriod(ctx, p)
		var made *data.RequestMade
		if err != nil && !errors.As(err, &made) {
			return err
		}
		added := "cli.settings_added"
		if data.IsSettlementRule(p.Key) {
			added = "cli.settings_added_settlement"
		}
		fmt.Fprintln(out, loc.T(added, "Key", key, "Value", p.Typed(), "Date", loc.Date(p.Effective), "Count", n))
		return err
	})
}
