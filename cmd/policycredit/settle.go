package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"policycredit/data"
	"policycredit/translations"
)

// cmdSettle settles a month once (fees, commissions, ratings), or reverses its settlement
// for a reason.
func cmdSettle(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("settle", flag.ContinueOnError)
	var month monthFlag
	fs.Var(&month, "month", "month to settle, YYYY-MM")
	reverse := fs.Bool("reverse", false, "reverse the month's settlement")
	reason := fs.String("reason", "", "why the settlement is reversed")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if _, err := parseCommand(g, "settle", fs, args, 0); err != nil {
		return err
	}
	need := map[string]bool{"month": month.set}
	if *reverse {
		need["reason"] = strings.TrimSpace(*reason) != ""
	}
	if err := missing(g, "cli.usage_settle", need); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		if *reverse {
			if err := s.ReverseSettlement(ctx, month.m, *reason); err != nil {
				return err
			}
			fmt.Fprintln(out, loc.T("cli.settle_reversed", "Month", month.m.String()))
			return nil
		}
		st, err := s.Settle(ctx, month.m)
		if err != nil {
			return err
		}
		sum := summarizeSettlement(st)
		if *asJSON {
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			return enc.Encode(sum)
		}
		fmt.Fprintln(out, loc.T("cli.settle_done", "Month", sum.Month, "Fees", loc.Money(data.Dong(sum.Fees)),
			"Associations", sum.Associations, "Communes", sum.Communes, "Commissions", loc.Money(data.Dong(sum.Commissions)),
			"Groups", sum.Groups, "Withheld", sum.Withheld))
		fmt.Fprintln(out, loc.T("cli.settle_ratings", "Good", sum.Ratings["good"], "Fair", sum.Ratings["fair"],
			"Average", sum.Ratings["average"], "Weak", sum.Ratings["weak"]))
		return nil
	})
}

// settleSummary is what settle prints of a month.
type settleSummary struct {
	Month        string         `json:"month"`
	Fees         int64          `json:"fees"`
	Associations int            `json:"associations"`
	Communes     int            `json:"communes"`
	Commissions  int64          `json:"commissions"`
	Groups       int            `json:"groups"`
	Withheld     int            `json:"withheld"`
	Ratings      map[string]int `json:"ratings"`
}

func summarizeSettlement(st data.Settlement) settleSummary {
	sum := settleSummary{Month: st.Month.String(), Fees: int64(st.FeeTotal()), Associations: len(st.Fees),
		Commissions: int64(st.CommissionTotal()), Groups: len(st.Commissions), Ratings: map[string]int{}}
	communes := map[int64]bool{}
	for _, f := range st.Fees {
		communes[f.CommuneID] = true
	}
	sum.Communes = len(communes)
	for _, c := range st.Commissions {
		if c.Withheld {
			sum.Withheld++
		}
	}
	for _, r := range data.Ratings {
		sum.Ratings[string(r)] = 0
	}
	for _, sc := range st.Scores {
		sum.Ratings[string(sc.Final())]++
	}
	return sum
}
