package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
	"policycredit/reports"
)

// settleStore answers the settlement's questions like the store does (one settlement a
// month, a reason to reverse, decisions checked against the computed band), over a real store
// for the rest: the screens' behaviour is tested without a month of a real office to compute.
type settleStore struct {
	data.Screens
	mu        sync.Mutex
	standing  map[data.Month]data.Settlement
	infos     []data.SettlementInfo // newest first
	scores    map[int64][]data.GroupScore
	decisions []data.RatingDecision
	settles   int // Settle calls that froze a month
}

func newSettleStore(s data.Screens) *settleStore {
	return &settleStore{Screens: s, standing: map[data.Month]data.Settlement{}, scores: map[int64][]data.GroupScore{}}
}

// month is what the office's month would settle to: two associations' fees, three groups.
func settleMonthOf(m data.Month) data.Settlement {
	s := data.Settlement{Month: m,
		Fees:        []data.AssociationFee{{Association: "hnd", Fee: 100_000}, {Association: "hpn", Fee: 50_000}},
		Commissions: []data.GroupCommission{{Code: "T1", Commission: 30_000}, {Code: "T2", Commission: 30_000}, {Code: "T3", Commission: 30_000}},
		Scores:      []data.GroupScore{{Code: "T1", Band: data.RatingGood}, {Code: "T2", Band: data.RatingFair}, {Code: "T3", Band: data.RatingWeak}},
	}
	return s
}

func (f *settleStore) MonthSettlement(_ context.Context, m data.Month, _ int64) (data.Settlement, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.standing[m]; ok {
		return s, nil
	}
	return settleMonthOf(m), nil
}

func (f *settleStore) Settle(ctx context.Context, m data.Month) (data.Settlement, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.standing[m]; ok {
		return data.Settlement{}, data.Conflict("settlement.month", "already_settled", "Month", m.String())
	}
	s := settleMonthOf(m)
	s.Settled, s.ID, s.SettledBy, s.SettledAt = true, int64(len(f.infos)+1), data.UserFrom(ctx), time.Date(2026, 12, 7, 9, 30, 0, 0, time.Local)
	f.standing[m] = s
	f.settles++
	f.infos = append([]data.SettlementInfo{{ID: s.ID, Month: m, SettledAt: s.SettledAt, SettledBy: s.SettledBy,
		Fees: s.FeeTotal(), Commissions: s.CommissionTotal()}}, f.infos...)
	return s, nil
}

func (f *settleStore) ReverseSettlement(ctx context.Context, m data.Month, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.TrimSpace(reason) == "" {
		return data.Invalid("settlement.reason", "required")
	}
	if _, ok := f.standing[m]; !ok {
		return data.NotFound("settlement.month")
	}
	delete(f.standing, m)
	for i := range f.infos {
		if f.infos[i].Month == m && !f.infos[i].Reversed {
			f.infos[i].Reversed, f.infos[i].ReversedBy, f.infos[i].ReversedReason = true, data.UserFrom(ctx), reason
			f.infos[i].ReversedAt = time.Date(2026, 12, 7, 10, 0, 0, 0, time.Local)
		}
	}
	return nil
}

func (f *settleStore) Settlements(context.Context) ([]data.SettlementInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]data.SettlementInfo(nil), f.infos...), nil
}

func (f *settleStore) GroupScores(_ context.Context, groupID int64) ([]data.GroupScore, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]data.GroupScore(nil), f.scores[groupID]...), nil
}

func (f *settleStore) DecideRating(ctx context.Context, d data.RatingDecision) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, s := range f.scores[d.GroupID] {
		if s.Month == d.Month {
			if err := d.Validate(s.Band); err != nil {
				return err
			}
			d.User = data.UserFrom(ctx)
			f.scores[d.GroupID][i].Decision = d
			f.decisions = append(f.decisions, d)
			return nil
		}
	}
	return data.NotFound("rating.month")
}

// scoresOf are two settled months of a group: October Fair (85), September Good (92).
func scoresOf(groupID int64) []data.GroupScore {
	max := [6]int64{20, 30, 15, 20, 5, 10}
	return []data.GroupScore{
		{GroupID: groupID, Month: data.Month{Year: 2026, Month: 10}, Points: [6]int64{18, 24, 15, 18, 5, 5}, Max: max, Total: 85,
			Band: data.RatingFair, Ratios: [5]int64{9000, 250, 10_000, 9125, 8000}, SavingsChange: 0},
		{GroupID: groupID, Month: data.Month{Year: 2026, Month: 9}, Points: [6]int64{20, 30, 15, 17, 5, 5}, Max: max, Total: 92,
			Band: data.RatingGood, Ratios: [5]int64{10_000, 0, 10_000, 8500, 9000}, SavingsChange: 1_200_000},
	}
}

// newSettleClosingTest opens the Reports screen's month-end part on the small demo office.
func newSettleClosingTest(t *testing.T) (*App, *settleStore, *monthSettlement) {
	t.Helper()
	a, store := newDemoApp(t, "en", "reports")
	f := newSettleStore(store)
	a.store = f
	s := a.currentScreen().(*reportsScreen)
	s.refresh()
	a.Wait()
	return a, f, s.closing.settlement
}

func TestSettleMonthFromTheClosingAsksFirstAndOnlyOnce(t *testing.T) {
	a, f, m := newSettleClosingTest(t)
	month := data.MonthOf(a.workingDate()).Prev()
	if m.month.Selected != month.String() || len(m.month.Options) != settleMonths {
		t.Fatalf("month %q of %d offered, want %s first", m.month.Selected, len(m.month.Options), month)
	}
	if p := m.preview.String(); !strings.Contains(p, "is not settled yet") || !strings.Contains(p, a.loc.Money(150_000)+" to 2 associations") ||
		!strings.Contains(p, "Good: 1 · Fair: 1 · Average: 0 · Weak: 1") || m.settle.Disabled() {
		t.Fatalf("preview %q, settle disabled %v", p, m.settle.Disabled())
	}

	test.Tap(m.settle)
	settleNow, _ := overlayButton(t, a, a.loc.T("settleui.settle_now"))
	text := topTexts(a)
	want := "Settle " + month.String() + ": fees " + a.loc.Money(150_000) + " to 2 associations, commissions " + a.loc.Money(90_000) +
		" to 3 groups, ratings of 3 groups."
	if !strings.Contains(text, want) || !strings.Contains(text, "reversal with a reason") {
		t.Errorf("the confirmation says:\n%s\nwant %q", text, want)
	}
	if f.settles != 0 {
		t.Fatal("settled before the confirmation")
	}
	test.Tap(settleNow)
	a.Wait()
	if f.settles != 1 {
		t.Fatalf("%d settlements after the confirmation", f.settles)
	}
	if p := m.preview.String(); !strings.Contains(p, "was settled by tester on") || !m.settle.Disabled() {
		t.Errorf("after settling: preview %q, settle disabled %v", p, m.settle.Disabled())
	}
	if !strings.Contains(a.status.Text, month.String()+" settled") {
		t.Errorf("status %q", a.status.Text)
	}

	// A second settle of the month is refused: the button no longer asks, and the store's
	// refusal, should it come (another desk settled meanwhile), shows translated.
	m.ask()
	if o := overlayWith(a, a.loc.T("settleui.confirm_title", "Month", month.String())); o != nil {
		t.Fatal("a settled month asks to be settled again")
	}
	m.run(month)
	a.Wait()
	if f.settles != 1 {
		t.Fatalf("settled twice: %d", f.settles)
	}
	_, text = overlayButton(t, a, a.loc.T("action.close"))
	if strings.Contains(text, "already_settled") || strings.TrimSpace(text) == "" {
		t.Errorf("the refusal reads %q", text)
	}

	// Another month is computed as it would be settled, and may be settled.
	m.month.SetSelected(month.Prev().String())
	a.Wait()
	if !strings.Contains(m.preview.String(), "is not settled yet") || m.settle.Disabled() {
		t.Errorf("%s: preview %q, settle disabled %v", month.Prev(), m.preview.String(), m.settle.Disabled())
	}
}

func TestSettlementReversalNeedsAReason(t *testing.T) {
	a, f, m := newSettleClosingTest(t)
	month := data.MonthOf(a.workingDate()).Prev()
	m.showList()
	if !m.dialog.emptyMsg.Visible() || m.dialog.table.Visible() {
		t.Fatal("no settlement yet, but the list does not say so")
	}
	m.dialog.dlg.Hide()
	m.run(month)
	a.Wait()
	m.showList()
	d := m.dialog
	if !d.reverse.Disabled() {
		t.Fatal("Reverse… is offered with nothing chosen")
	}
	if got := d.cell(widget.TableCellID{Row: 0, Col: 5}); got != "Standing" {
		t.Errorf("state %q", got)
	}
	d.table.Select(widget.TableCellID{Row: 0, Col: 0})
	if d.reverse.Disabled() {
		t.Fatal("Reverse… disabled on a standing settlement")
	}
	test.Tap(d.reverse)
	reverseNow, _ := overlayButton(t, a, a.loc.T("settleui.reverse_now"))
	if text := topTexts(a); !strings.Contains(text, a.loc.Money(150_000)) || !strings.Contains(text, month.String()) {
		t.Errorf("the question says:\n%s", text)
	}
	test.Tap(reverseNow) // no reason
	a.Wait()
	if text := topTexts(a); !strings.Contains(text, a.loc.Error(data.Invalid("settleui.reason", "required"))) {
		t.Errorf("no message under the reason:\n%s", text)
	}
	if _, ok := f.standing[month]; !ok {
		t.Fatal("reversed without a reason")
	}
	var reason *keyEntry
	walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if e, ok := o.(*keyEntry); ok {
			reason = e
		}
	})
	test.Type(reason, "Sai số liệu thu lãi")
	test.Tap(reverseNow)
	a.Wait()
	if _, ok := f.standing[month]; ok {
		t.Fatal("not reversed with a reason")
	}
	if got := d.cell(widget.TableCellID{Row: 0, Col: 5}); !strings.Contains(got, "Reversed by tester") || !strings.Contains(got, "Sai số liệu thu lãi") {
		t.Errorf("state after reversing %q", got)
	}
	if !strings.Contains(m.preview.String(), "is not settled yet") || m.settle.Disabled() {
		t.Errorf("after reversing: preview %q, settle disabled %v", m.preview.String(), m.settle.Disabled())
	}
}

// newSettleGroupsTest opens the Groups screen with two settled months for the group shown.
func newSettleGroupsTest(t *testing.T) (*App, *settleStore, *groupsScreen) {
	t.Helper()
	a, store := newDemoApp(t, "en", "groups")
	f := newSettleStore(store)
	a.store = f
	s := a.currentScreen().(*groupsScreen)
	s.refresh()
	a.Wait()
	if len(s.rows) < 2 {
		t.Fatalf("%d groups", len(s.rows))
	}
	f.scores[s.rows[0].ID] = scoresOf(s.rows[0].ID)
	selectGroup(a, s, 0)
	return a, f, s
}

func TestGroupRatingIsConfirmedOrOverriddenWithAReason(t *testing.T) {
	a, f, s := newSettleGroupsTest(t)
	p := s.scores
	if p.empty.Visible() || !p.content.Visible() {
		t.Fatal("the computed ratings of a settled group are not shown")
	}
	if !strings.Contains(p.summary.Text, "2026-10: 85 of 100 points, computed rating Fair.") || !strings.Contains(p.summary.Text, "Not confirmed yet") {
		t.Errorf("summary %q", p.summary.Text)
	}
	cell := func(tb *widget.Table, row, col int) string {
		if tb == p.breakdown {
			return p.scoreCell(widget.TableCellID{Row: row, Col: col})
		}
		return p.trendCell(widget.TableCellID{Row: row, Col: col})
	}
	for _, c := range []struct {
		row, col int
		want     string
	}{{0, 0, "Transactions at the commune point"}, {0, 1, "18 / 20"}, {0, 2, "90% of entries at the point"},
		{1, 2, "2.5% overdue"}, {3, 2, "91.25% collected"}, {5, 2, "unchanged"}, {6, 1, "85 / 100"}, {6, 2, "Fair"}} {
		if got := cell(p.breakdown, c.row, c.col); got != c.want {
			t.Errorf("breakdown (%d, %d) = %q, want %q", c.row, c.col, got, c.want)
		}
	}
	if got := cell(p.trend, 1, 1) + " " + cell(p.trend, 1, 2); got != "92 Good" {
		t.Errorf("trend of September %q", got)
	}
	// September picked in the trend shows its breakdown.
	p.trend.Select(widget.TableCellID{Row: 1, Col: 0})
	if got := cell(p.breakdown, 5, 2); got != "up "+a.loc.Money(1_200_000) {
		t.Errorf("September's savings growth %q", got)
	}
	p.trend.Select(widget.TableCellID{Row: 0, Col: 0})

	// Confirm asks, then keeps the computed band.
	test.Tap(p.confirm)
	yes, text := overlayButton(t, a, a.loc.T("settleui.confirm_rating"))
	if !strings.Contains(text, "Keep the computed rating Fair (85 points)") || len(f.decisions) != 0 {
		t.Fatalf("the question says %q; %d decisions before it is answered", text, len(f.decisions))
	}
	test.Tap(yes)
	a.Wait()
	if len(f.decisions) != 1 || f.decisions[0] != (data.RatingDecision{GroupID: s.editing.ID, Month: data.Month{Year: 2026, Month: 10},
		Rating: data.RatingFair, User: "tester"}) {
		t.Fatalf("decisions %+v", f.decisions)
	}
	if !strings.Contains(p.summary.Text, "Kept Fair: confirmed by tester") {
		t.Errorf("after confirming %q", p.summary.Text)
	}

	// Override… without a reason is refused under the reason, nothing recorded.
	test.Tap(p.override)
	now, _ := overlayButton(t, a, a.loc.T("settleui.override_now"))
	p.overrideBand.SetSelected("Weak")
	test.Tap(now)
	a.Wait()
	if p.overrideForm.errorText("rating.reason") == "" || len(f.decisions) != 1 {
		t.Fatalf("override without a reason: message %q, %d decisions", p.overrideForm.errorText("rating.reason"), len(f.decisions))
	}
	if _, text := overlayButton(t, a, a.loc.T("settleui.override_now")); !strings.Contains(text, "Reason") {
		t.Errorf("the message does not name the field:\n%s", text)
	}
	test.Type(p.overrideWhy, "Two members left owing")
	test.Tap(now)
	a.Wait()
	if len(f.decisions) != 2 || f.decisions[1].Rating != data.RatingWeak || !f.decisions[1].Override || f.decisions[1].Reason != "Two members left owing" {
		t.Fatalf("decisions %+v", f.decisions)
	}
	if got := cell(p.trend, 0, 2); got != "Weak (overridden)" {
		t.Errorf("trend's kept rating %q", got)
	}
	if o := overlayWith(a, a.loc.T("settleui.override_now")); o != nil {
		t.Error("the override dialog stays open after recording")
	}

	// A group with no settled month says how to get one.
	selectGroup(a, s, 1)
	if !p.empty.Visible() || p.content.Visible() || !p.confirm.Disabled() {
		t.Errorf("a group never settled: empty shown %v, content shown %v", p.empty.Visible(), p.content.Visible())
	}
}

// Settling is the accountant's and the director's; deciding a rating the credit officer's:
// the others see the buttons, disabled.
func TestSettlementButtonsNeedTheirRole(t *testing.T) {
	for _, c := range []struct {
		user           string
		settle, decide bool
	}{{"tindung", false, true}, {"giamdoc", true, false}} {
		t.Run(c.user, func(t *testing.T) {
			a, store := appAs(t, "en", c.user, "")
			f := newSettleStore(store)
			a.store = f
			a.build()
			a.Wait()
			a.Navigate("reports")
			a.Wait()
			m := a.currentScreen().(*reportsScreen).closing.settlement
			if m.settle.Disabled() == c.settle || !m.settle.Visible() {
				t.Errorf("Settle month… disabled %v, shown %v", m.settle.Disabled(), m.settle.Visible())
			}
			// A settlement made at another desk, for the list to offer Reverse… on.
			if _, err := f.Settle(data.WithUser(context.Background(), "ketoan"), data.MonthOf(a.workingDate()).Prev()); err != nil {
				t.Fatal(err)
			}
			m.load()
			a.Wait()
			m.showList()
			m.dialog.table.Select(widget.TableCellID{Row: 0, Col: 0})
			if m.dialog.reverse.Disabled() == c.settle {
				t.Errorf("Reverse… disabled %v", m.dialog.reverse.Disabled())
			}
			m.dialog.dlg.Hide()

			a.Navigate("groups")
			a.Wait()
			s := a.currentScreen().(*groupsScreen)
			if len(s.rows) == 0 {
				t.Fatal("no group listed")
			}
			f.scores[s.rows[0].ID] = scoresOf(s.rows[0].ID)
			selectGroup(a, s, 0)
			if !s.scores.content.Visible() || s.scores.confirm.Disabled() == c.decide || s.scores.override.Disabled() == c.decide {
				t.Errorf("Confirm disabled %v, Override… disabled %v", s.scores.confirm.Disabled(), s.scores.override.Disabled())
			}
		})
	}
}

func TestSettlementRulesReadWell(t *testing.T) {
	a, _ := newTestApp(t, "en", "settings")
	s := a.currentScreen().(*settingsScreen)
	for _, c := range []struct {
		key   data.RuleKey
		value string
		want  string
	}{
		{data.RuleFeeBase, "outstanding_paid", "Outstanding principal of the loans whose interest was collected in the month"},
		{data.RuleCommissionBase, "interest_collected", "Interest collected in the month"},
		{data.RuleFeeRate, "320", "0.032% of the base a month"},
		{data.RuleCommissionRate, "80000", "8% of the base a month"},
		{data.RuleFeeHousingRate, "30", "0.003% a month of the average in-term balance"},
		{data.RuleCommissionHousing, "50", "0.005% a month of the average in-term balance"},
		{data.RuleCommissionSavings, "100", "0.01% a month of the savings balance"},
		{data.RuleFeeBands, "2:100,3:80,4:50,0", "< 2%: 100%; < 3%: 80%; < 4%: 50%; 4% and over: 0%"},
		{data.RuleFeeBands, "0", "0% whatever the overdue ratio"},
		{data.RuleFeeSplit, "84,9,4.5,2.5", "commune 84%, district 9%, province 4.5%, central 2.5%"},
		{data.RuleCommissionMinRate, "0", "No condition"},
		{data.RuleCommissionMinRate, "92.5", "No commission below 92.5% of the interest to collect"},
		{data.RuleRatingPoints, "20,30,15,20,5,10", "on site 20, overdue 30, principal 15, interest 20, savers 5, savings growth 10"},
		{data.RuleRatingBands, "90,80,70", "Good from 90, Fair from 80, Average from 70, Weak below 70 points"},
	} {
		if got := s.ruleValueText(data.RulePeriod{Key: c.key, Value: c.value}); got != c.want {
			t.Errorf("%s %q reads %q, want %q", c.key, c.value, got, c.want)
		}
	}

	// The history lists the new rules from the start, read out.
	if h := s.ruleHistory.Text; !strings.Contains(h, "from the start: < 2%: 100%; < 3%: 80%") {
		t.Errorf("history %q", h)
	}

	// The bases are picked from a list; a rate is typed in the clerk's way.
	pick := func(key data.RuleKey) {
		for i, spec := range data.RuleSpecs {
			if spec.Key == key {
				s.ruleKey.SetSelectedIndex(i)
			}
		}
	}
	pick(data.RuleFeeBase)
	if !s.ruleChoice.Visible() || len(s.ruleChoice.Options) != 2 || s.ruleChoice.Options[1] != "Interest collected in the month" {
		t.Fatalf("fee base picked from %v (shown %v)", s.ruleChoice.Options, s.ruleChoice.Visible())
	}
	s.ruleChoice.SetSelectedIndex(1)
	s.ruleFrom.SetText("2027-01-01")
	if p, ok := s.readPeriod(); !ok || p.Value != "interest_collected" {
		t.Errorf("fee base read %+v, %v", p, ok)
	}
	pick(data.RuleFeeRate)
	s.ruleValue.SetText("0.035")
	if p, ok := s.readPeriod(); !ok || p.Value != "350" {
		t.Errorf("fee rate read %+v, %v", p, ok)
	}
	// Adding it says what it changes: months settled later, no loan.
	s.askAddPeriod()
	a.Wait()
	o := overlayWith(a, a.loc.T("settings.period_confirm_title"))
	if o == nil {
		t.Fatal("no confirmation")
	}
	var question string
	for _, x := range shownTexts(o) {
		if strings.Contains(x.text, "0.035%") {
			question = x.text
		}
	}
	if !strings.Contains(question, "0.035% of the base a month from 1 Jan 2027") || !strings.Contains(question, "months ending on or after") ||
		strings.Contains(question, "loans") {
		t.Errorf("question %q", question)
	}

	// In French, with the French decimal comma.
	fr, _ := newTestApp(t, "fr", "settings")
	sf := fr.currentScreen().(*settingsScreen)
	if got := sf.ruleValueText(data.RulePeriod{Key: data.RuleFeeSplit, Value: "84,9,4.5,2.5"}); got != "commune 84\u00a0%, district 9\u00a0%, province 4,5\u00a0%, central 2,5\u00a0%" {
		t.Errorf("fr split %q", got)
	}
	if got := sf.ruleValueText(data.RulePeriod{Key: data.RuleFeeBands, Value: "2:100,4:50,0"}); got != "< 2\u00a0%\u00a0: 100\u00a0%\u00a0; < 4\u00a0%\u00a0: 50\u00a0%\u00a0; 4\u00a0% et plus\u00a0: 0\u00a0%" {
		t.Errorf("fr bands %q", got)
	}
}

// The Overview's ratings chart names the month whose settled ratings it counts; the
// groups list shows that month's rating.
func TestOverviewRatingsNameTheirSettledMonth(t *testing.T) {
	a, store := newDemoApp(t, "en", "overview")
	s := a.currentScreen().(*overviewScreen)
	s.load()
	a.Wait()
	if got := s.titles["ratings"].Text; got != a.loc.T("overview.chart.ratings") {
		t.Fatalf("nothing settled: title %q", got)
	}
	last := data.MonthOf(a.workingDate()).Prev()
	ctx := data.WithUser(context.Background(), "ketoan")
	for _, m := range []data.Month{last.Prev(), last} {
		if _, err := store.Settle(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.ReverseSettlement(ctx, last, "Sai số liệu"); err != nil {
		t.Fatal(err)
	}
	s.load()
	a.Wait()
	if got, want := s.titles["ratings"].Text, "Savings and loan groups by rating (month "+last.Prev().String()+")"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	slides := reports.BuildSlides(s.shown, a.loc, reports.SlideOptions{})
	titleRatings(slides, a.loc, s.shown)
	for _, sl := range slides {
		if sl.Kind == reports.SlideRatings && !strings.Contains(sl.Title, last.Prev().String()) {
			t.Errorf("the meeting's slide reads %q", sl.Title)
		}
	}

	a.Navigate("groups")
	a.Wait()
	g := a.currentScreen().(*groupsScreen)
	g.refresh()
	a.Wait()
	if got := g.rowText(&g.rows[0], len(groupColumns)-1); !strings.HasSuffix(got, "("+last.Prev().String()+")") {
		t.Errorf("the list's rating %q", got)
	}
}

// The same steps on the real store: the month settled from the screen once, refused the
// second time with the store's sentence, reversed with a reason; a group's score from that
// month confirmed, then overridden.
func TestSettlementScreensOnTheStore(t *testing.T) {
	a, store := newDemoApp(t, "en", "reports")
	ctx := context.Background()
	rs := a.currentScreen().(*reportsScreen)
	rs.refresh()
	a.Wait()
	m := rs.closing.settlement
	month := m.chosen()
	if !m.loaded || m.shown.Settled || len(m.shown.Scores) == 0 || m.settle.Disabled() {
		t.Fatalf("preview of %s: loaded %v, settled %v, %d scores", month, m.loaded, m.shown.Settled, len(m.shown.Scores))
	}
	test.Tap(m.settle)
	settleNow, _ := overlayButton(t, a, a.loc.T("settleui.settle_now"))
	test.Tap(settleNow)
	a.Wait()
	if infos, _ := store.Settlements(ctx); len(infos) != 1 || infos[0].Month != month || !m.shown.Settled {
		t.Fatalf("settlements %+v; shown settled %v", infos, m.shown.Settled)
	}
	m.run(month) // as a second desk would
	a.Wait()
	_, text := overlayButton(t, a, a.loc.T("action.close"))
	if !strings.Contains(text, "already settled") {
		t.Errorf("the second settle reads %q", text)
	}
	a.win.Canvas().Overlays().Top().Hide()

	// The group's computed rating of that month, confirmed then overridden.
	a.Navigate("groups")
	a.Wait()
	g := a.currentScreen().(*groupsScreen)
	g.refresh()
	a.Wait()
	row := 0
	for i, r := range g.rows {
		if r.Members > 0 {
			row = i
			break
		}
	}
	selectGroup(a, g, row)
	p := g.scores
	if len(p.scores) != 1 || p.scores[0].Month != month || p.confirm.Disabled() {
		t.Fatalf("%d scores shown, confirm disabled %v", len(p.scores), p.confirm.Disabled())
	}
	test.Tap(p.confirm)
	yes, _ := overlayButton(t, a, a.loc.T("settleui.confirm_rating"))
	test.Tap(yes)
	a.Wait()
	sc, _ := store.GroupScores(ctx, g.editing.ID)
	if sc[0].Decision.Rating != sc[0].Band || sc[0].Decision.Override {
		t.Fatalf("after Confirm: %+v", sc[0].Decision)
	}
	other := data.RatingWeak
	if sc[0].Band == data.RatingWeak {
		other = data.RatingGood
	}
	test.Tap(p.override)
	now, _ := overlayButton(t, a, a.loc.T("settleui.override_now"))
	p.overrideBand.SetSelected(p.bandText(other))
	test.Tap(now)
	a.Wait()
	if p.overrideForm.errorText("rating.reason") == "" {
		t.Fatal("override without a reason: no message under the reason")
	}
	test.Type(p.overrideWhy, "Tổ trưởng chuyển đi")
	test.Tap(now)
	a.Wait()
	sc, _ = store.GroupScores(ctx, g.editing.ID)
	if sc[0].Decision.Rating != other || !sc[0].Decision.Override || sc[0].Decision.Reason != "Tổ trưởng chuyển đi" {
		t.Fatalf("after Override: %+v", sc[0].Decision)
	}
	if !strings.Contains(p.summary.Text, "overridden by") {
		t.Errorf("summary %q", p.summary.Text)
	}

	// Reversed with a reason from the list.
	a.Navigate("reports")
	a.Wait()
	m.showList()
	m.dialog.table.Select(widget.TableCellID{Row: 0, Col: 0})
	test.Tap(m.dialog.reverse)
	reverseNow, _ := overlayButton(t, a, a.loc.T("settleui.reverse_now"))
	var reason *keyEntry
	walk(a.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if e, ok := o.(*keyEntry); ok {
			reason = e
		}
	})
	test.Type(reason, "Sai số liệu thu lãi")
	test.Tap(reverseNow)
	a.Wait()
	if infos, _ := store.Settlements(ctx); len(infos) != 1 || !infos[0].Reversed || infos[0].ReversedReason != "Sai số liệu thu lãi" {
		t.Fatalf("after reversing: %+v", infos)
	}
	if m.shown.Settled || m.settle.Disabled() {
		t.Errorf("after reversing: shown settled %v, settle disabled %v", m.shown.Settled, m.settle.Disabled())
	}
}

// Two presses of the confirmation's Settle, before the first write is done, settle once.
func TestDoublePressSettleSettlesOnce(t *testing.T) {
	a, store := newDemoApp(t, "en", "reports")
	rs := a.currentScreen().(*reportsScreen)
	rs.refresh()
	a.Wait()
	m := rs.closing.settlement
	test.Tap(m.settle)
	settleNow, _ := overlayButton(t, a, a.loc.T("settleui.settle_now"))
	test.Tap(settleNow)
	test.Tap(settleNow)
	m.ask() // the button, pressed again meanwhile
	a.Wait()
	if infos, _ := store.Settlements(context.Background()); len(infos) != 1 {
		t.Fatalf("%d settlements", len(infos))
	}
	if o := overlayWith(a, a.loc.T("error.title")); o != nil {
		t.Errorf("a second press reached the store: %v", shownTexts(o))
	}
}

// topTexts are the texts of the dialog on top, each whole (a keepLabel's before it wrapped).
func topTexts(a *App) string {
	var b strings.Builder
	for _, x := range shownTexts(a.win.Canvas().Overlays().Top()) {
		b.WriteString(x.text + "\n")
	}
	return b.String()
}
