package ui

import (
	"strconv"
	"strings"

	"policycredit/data"
	"policycredit/translations"
)

// The monthly settlement's dated rules as the Settings screen reads them out: stored values
// such as "2:100,3:80,4:50,0" become "below 2 %: 100 % of the fee; …".

// typedAsPercent are the rules typed as a percentage a month in the user's language ("0,032")
// and stored in millionths.
var typedAsPercent = map[data.RuleKey]bool{
	data.RuleSavingsRate: true, data.RuleFeeRate: true, data.RuleFeeHousingRate: true,
	data.RuleCommissionRate: true, data.RuleCommissionSavings: true, data.RuleCommissionHousing: true,
}

// settlementRules are the settlement's rules, which change months settled later and no loan.
var settlementRules = map[data.RuleKey]bool{
	data.RuleFeeBase: true, data.RuleFeeRate: true, data.RuleFeeHousingRate: true, data.RuleFeeBands: true,
	data.RuleFeeSplit: true, data.RuleCommissionBase: true, data.RuleCommissionRate: true,
	data.RuleCommissionSavings: true, data.RuleCommissionHousing: true, data.RuleCommissionMinRate: true,
	data.RuleRatingPoints: true, data.RuleRatingBands: true,
}

// baseIDs name what a fee or a commission is a share of.
var baseIDs = map[string]string{
	string(data.BaseOutstandingPaid):   "settleui.base.outstanding_paid",
	string(data.BaseInterestCollected): "settleui.base.interest_collected",
}

// percentOf writes a stored percentage with at most two decimals ("4.5") in the user's way.
func percentOf(loc *translations.Localizer, v string) (string, bool) {
	r, err := data.RateFromPercent(strings.TrimSpace(v))
	if err != nil {
		return "", false
	}
	return loc.Percent(r), true
}

// settlementRuleText reads a settlement rule's stored value out; false for other rules or a
// value it cannot read (shown as stored).
func settlementRuleText(loc *translations.Localizer, p data.RulePeriod) (string, bool) {
	rate := func(id string) (string, bool) {
		n, err := strconv.ParseInt(p.Value, 10, 64)
		if err != nil {
			return "", false
		}
		return loc.T(id, "Rate", loc.Percent(data.Rate(n))), true
	}
	switch p.Key {
	case data.RuleFeeBase, data.RuleCommissionBase:
		id, ok := baseIDs[p.Value]
		if !ok {
			return "", false
		}
		return loc.T(id), true
	case data.RuleFeeRate, data.RuleCommissionRate:
		return rate("settleui.rule.rate_base")
	case data.RuleFeeHousingRate, data.RuleCommissionHousing:
		return rate("settleui.rule.rate_housing")
	case data.RuleCommissionSavings:
		return rate("settleui.rule.rate_savings")
	case data.RuleFeeBands:
		return bandsText(loc, p.Value)
	case data.RuleFeeSplit:
		parts := strings.Split(p.Value, ",")
		if len(parts) != len(data.FeeLevels) {
			return "", false
		}
		pct := make([]string, len(parts))
		for i, v := range parts {
			var ok bool
			if pct[i], ok = percentOf(loc, v); !ok {
				return "", false
			}
		}
		return loc.T("settleui.rule.split", "Commune", pct[0], "District", pct[1], "Province", pct[2], "Central", pct[3]), true
	case data.RuleCommissionMinRate:
		pct, ok := percentOf(loc, p.Value)
		if !ok {
			return "", false
		}
		if r, _ := data.RateFromPercent(p.Value); r == 0 {
			return loc.T("settleui.rule.no_minimum"), true
		}
		return loc.T("settleui.rule.minimum", "Percent", pct), true
	case data.RuleRatingPoints:
		pts := strings.Split(p.Value, ",")
		if len(pts) != len(data.Criteria) {
			return "", false
		}
		for i := range pts {
			pts[i] = strings.TrimSpace(pts[i])
		}
		return loc.T("settleui.rule.points", "OnSite", pts[0], "Overdue", pts[1], "Principal", pts[2], "Interest", pts[3],
			"Savers", pts[4], "Growth", pts[5]), true
	case data.RuleRatingBands:
		parts := strings.Split(p.Value, ",")
		if len(parts) != 3 {
			return "", false
		}
		t := func(s string) string { return strings.TrimSpace(s) }
		return loc.T("settleui.rule.rating_bands", "Good", t(parts[0]), "Fair", t(parts[1]), "Average", t(parts[2]),
			"GoodName", loc.T("rating.good"), "FairName", loc.T("rating.fair"), "AverageName", loc.T("rating.average"),
			"WeakName", loc.T("rating.weak")), true
	}
	return "", false
}

// bandsText reads the quality scale out: "< 2 %: 100 %; < 3 %: 80 %; …; ≥ 4 %: 0 %", in
// symbols so that a scale of any length reads alike in every language.
func bandsText(loc *translations.Localizer, v string) (string, bool) {
	bands, ok := data.ParseFeeBands(v)
	if !ok {
		return "", false
	}
	out := make([]string, len(bands))
	var last int64
	for i, b := range bands {
		pct := loc.Percent(data.Rate(b.Percent * data.RateScale / 100))
		switch {
		case b.Below > 0:
			out[i] = loc.T("settleui.rule.band_below", "Edge", loc.Percent(data.Rate(b.Below*100)), "Percent", pct)
			last = b.Below
		case last > 0:
			out[i] = loc.T("settleui.rule.band_from", "Edge", loc.Percent(data.Rate(last*100)), "Percent", pct)
		default:
			out[i] = loc.T("settleui.rule.band_all", "Percent", pct)
		}
	}
	return strings.Join(out, loc.T("settleui.rule.band_sep")), true
}

// settlementDefault is a settlement rule's value before its first period, as stored.
func settlementDefault(st data.Settings, key data.RuleKey) (string, bool) {
	if !settlementRules[key] {
		return "", false
	}
	r := st.SettlementRulesOn(data.RulesBeginning)
	rate := func(x data.Rate) string { return strconv.FormatInt(int64(x), 10) }
	return map[data.RuleKey]string{
		data.RuleFeeBase: string(r.FeeBase), data.RuleFeeRate: rate(r.FeeRate), data.RuleFeeHousingRate: rate(r.FeeHousingRate),
		data.RuleFeeBands: r.FeeBandsText, data.RuleFeeSplit: r.FeeSplitText, data.RuleCommissionBase: string(r.CommissionBase),
		data.RuleCommissionRate: rate(r.CommissionRate), data.RuleCommissionSavings: rate(r.CommissionSavings),
		data.RuleCommissionHousing: rate(r.CommissionHousing), data.RuleCommissionMinRate: r.CommissionMinRateText,
		data.RuleRatingPoints: r.RatingPointsText, data.RuleRatingBands: r.RatingBandsText,
	}[key], true
}
