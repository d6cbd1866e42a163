package ui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"policycredit/data"
)

// settingsScreen edits the office's name and the rules the bank may change, switches the
// language, and shows where the data lives.
type settingsScreen struct {
	app *App
	// backups lists the newest backups, each with its date and whether it was verified.
	backups *widget.Label
	// The writes running, each with what starts it disabled meanwhile (issue 18 §6).
	saving, switching, backingUp, addingPeriod busy

	language *choice

	officeForm *form
	officeName *widget.Entry
	branch     *widget.Entry
	province   *widget.Entry

	rules       *form
	groupMin    *widget.Entry
	groupMax    *widget.Entry
	extension   *widget.Entry
	minSavings  *widget.Entry
	workingDate *widget.Entry
	idleLock    *widget.Entry

	// The dated rules: each one's periods, and a form adding a period (rule_periods.go).
	ruleHistory *widget.Label
	periodForm  *form
	ruleKey     *choice
	ruleChoice  *choice       // the value of a rule with a few values (basis, frozen debt)
	ruleValue   *widget.Entry // the value of a rule typed as a number
	ruleFrom    *widget.Entry
	addPeriod   *widget.Button

	dbPath   *widget.Label
	settings data.Settings
	root     fyne.CanvasObject
}

func newSettingsScreen(a *App) *settingsScreen {
	s := &settingsScreen{app: a}
	loc := a.loc

	names := make([]string, len(data.Languages))
	for i, l := range data.Languages {
		names[i] = loc.T("language." + l)
	}
	s.language = newSelect(loc, names, nil)
	s.language.SetSelected(loc.T("language." + loc.Lang()))
	s.switching.guard(s.language)
	s.language.OnChanged = func(name string) {
		for _, l := range data.Languages {
			if loc.T("language."+l) == name {
				s.switchLanguage(l)
			}
		}
	}

	s.officeForm = newForm(loc)
	s.officeName, s.branch, s.province = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.officeForm.add("office.name", s.officeName)
	s.officeForm.add("office.branch", s.branch)
	s.officeForm.add("office.province", s.province)

	s.rules = newForm(loc)
	s.groupMin, s.groupMax, s.extension = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.minSavings = widget.NewEntry()
	s.workingDate = widget.NewEntry()
	s.idleLock = widget.NewEntry()
	s.workingDate.SetPlaceHolder(loc.T("settings.working_date_today"))
	s.rules.add("settings.group_min", s.groupMin)
	s.rules.add("settings.group_max", s.groupMax)
	s.rules.add("settings.extension_max", s.extension)
	s.rules.add("settings.min_savings", s.minSavings)
	s.rules.add("settings.working_date", s.workingDate)
	s.rules.add("settings.idle_lock", s.idleLock)
	submitOnEnter(s.save, s.officeName, s.branch, s.province, s.groupMin, s.groupMax, s.extension,
		s.minSavings, s.workingDate, s.idleLock)
	s.buildRulePeriods()

	bold := func(id string) *widget.Label {
		return widget.NewLabelWithStyle(loc.T(id), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	save := widget.NewButton(loc.T("action.save"), s.save)
	save.Importance = widget.HighImportance
	s.saving.guard(save)
	s.dbPath = widget.NewLabel(databaseLabel(loc, a.store.Path()))
	s.dbPath.Wrapping = fyne.TextWrapBreak
	backup := widget.NewButton(loc.T("settings.backup_now"), s.backupNow)
	s.backingUp.guard(backup)
	s.backups = widget.NewLabel("")
	s.backups.Wrapping = fyne.TextWrapWord
	s.showBackups()
	importHint := widget.NewLabel(loc.T("importwizard.settings_hint"))
	importHint.Wrapping = fyne.TextWrapWord
	if a.opts.Backup == nil {
		backup.Hide()
	}
	// What the user's role may not change is shown, not offered (the store refuses it anyway).
	if !a.may(data.ActSettings) {
		save.Hide()
		for _, e := range []*widget.Entry{s.officeName, s.branch, s.province, s.groupMin, s.groupMax, s.extension,
			s.minSavings, s.workingDate, s.idleLock} {
			e.Disable()
		}
	}
	importButton := widget.NewButton(loc.T("importwizard.open"), a.startImport)
	importTitle := bold("importwizard.settings_title")
	a.allow(data.ActBackup, backup)
	a.allow(data.ActImport, importTitle, importHint, importButton)
	periodTitle := bold("settings.new_period")
	periodForm := s.periodForm.object()
	a.allow(data.ActRules, periodTitle, periodForm, s.addPeriod)
	page := container.NewVBox(
		bold("settings.language"), s.language,
		widget.NewSeparator(),
		bold("settings.office"), s.officeForm.object(),
		widget.NewSeparator(),
		bold("settings.rules"), s.rules.object(),
		container.NewHBox(save),
		widget.NewSeparator(),
		bold("settings.dated_rules"), s.ruleHistory,
		periodTitle, periodForm,
		container.NewHBox(s.addPeriod),
		widget.NewSeparator(),
		bold("settings.storage"),
		widget.NewLabel(loc.T("settings.database_file")), s.dbPath,
		widget.NewLabel(loc.T("settings.backup_folder", "Dir", a.opts.BackupDir)),
		s.backups,
		container.NewHBox(backup),
		widget.NewSeparator(),
		importTitle, importHint,
		container.NewHBox(importButton),
		a.templateControls(),
		widget.NewSeparator(),
		bold("nav.users"), a.settingsPeople(),
	)
	s.root = container.NewBorder(bold("nav.settings"), nil, nil, nil, container.NewVScroll(container.NewPadded(page)))
	return s
}

func (s *settingsScreen) content() fyne.CanvasObject { return s.root }

func (s *settingsScreen) refresh() {
	var office data.Office
	var settings data.Settings
	a := s.app
	a.async(func(ctx context.Context) (err error) {
		if office, err = a.store.Office(ctx); err != nil {
			return err
		}
		settings, err = a.store.Settings(ctx)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		s.fill(office, settings)
	})
}

func (s *settingsScreen) fill(o data.Office, st data.Settings) {
	loc := s.app.loc
	s.settings = st
	s.officeName.SetText(o.Name)
	s.branch.SetText(o.Branch)
	s.province.SetText(o.Province)
	s.groupMin.SetText(strconv.Itoa(st.GroupMinMembers))
	s.groupMax.SetText(strconv.Itoa(st.GroupMaxMembers))
	s.extension.SetText(strconv.Itoa(st.ExtensionMaxMonths))
	s.minSavings.SetText(loc.Amount(st.MinSavingsDeposit))
	s.workingDate.SetText(loc.Date(st.WorkingDate))
	s.idleLock.SetText(strconv.Itoa(st.IdleLockMinutes))
	s.officeForm.clearErrors()
	s.rules.clearErrors()
	s.ruleHistory.SetText(s.ruleHistoryText(st.Rules, st))
	s.officeForm.keep()
	s.rules.keep()
}

// read turns the form into office and settings, collecting every unreadable field.
func (s *settingsScreen) read() (data.Office, data.Settings, error) {
	loc := s.app.loc
	o := data.Office{Name: s.officeName.Text, Branch: s.branch.Text, Province: s.province.Text}
	st := s.settings
	var errs data.Errors
	var e *data.Error
	st.GroupMinMembers, e = parseInt("settings.group_min", s.groupMin.Text)
	errs.Add(e)
	st.GroupMaxMembers, e = parseInt("settings.group_max", s.groupMax.Text)
	errs.Add(e)
	st.ExtensionMaxMonths, e = parseInt("settings.extension_max", s.extension.Text)
	errs.Add(e)
	st.MinSavingsDeposit, e = parseMoneyField(loc, "settings.min_savings", s.minSavings.Text)
	errs.Add(e)
	st.WorkingDate, e = parseDateField(loc, "settings.working_date", s.workingDate.Text)
	errs.Add(e)
	st.IdleLockMinutes, e = parseInt("settings.idle_lock", s.idleLock.Text)
	errs.Add(e)
	return o, st, errs.Err()
}

func (s *settingsScreen) showErrors(err error) error {
	rest := s.officeForm.showErrors(err)
	return s.rules.showErrors(rest)
}

func (s *settingsScreen) save() {
	if s.saving.running {
		return
	}
	o, st, err := s.read()
	// Check office and rules together so every problem shows at once, before anything is saved.
	var errs data.Errors
	errs = append(errs, data.DomainErrors(err)...)
	errs = append(errs, data.DomainErrors(o.Validate())...)
	if err == nil {
		errs = append(errs, data.DomainErrors(st.Validate())...)
	}
	if len(errs) > 0 {
		s.showErrors(errs)
		return
	}
	a := s.app
	a.write(&s.saving, func(ctx context.Context) error {
		return a.store.SaveOfficeSettings(ctx, o, st)
	}, func(err error) {
		if rest := s.showErrors(err); rest != nil {
			a.showError(rest)
			return
		}
		if err == nil {
			s.settings = st
			s.officeForm.keep()
			s.rules.keep()
			a.office, a.settings = o, st
			a.notify(a.loc.T("settings.saved") + " · " + a.statusLine())
		}
	})
}

// switchLanguage saves the choice, so the next start opens in it too, then rebuilds the window.
func (s *settingsScreen) switchLanguage(lang string) {
	a := s.app
	if lang == a.loc.Lang() {
		return
	}
	a.write(&s.switching, func(ctx context.Context) error {
		return a.store.SaveLanguage(ctx, lang)
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		a.SetLanguage(lang)
	})
}

func (s *settingsScreen) backupNow() {
	a := s.app
	var made string
	a.write(&s.backingUp, func(ctx context.Context) (err error) {
		made, err = a.opts.Backup(ctx)
		return err
	}, func(err error) {
		if err != nil {
			a.showError(err)
			return
		}
		a.notify(a.loc.T("settings.backup_made", "File", made))
		s.showBackups()
	})
}

// shownBackups is how many backups Settings lists; the rest are counted.
const shownBackups = 8

// showBackups lists the newest backups with their date, size and whether each was verified.
func (s *settingsScreen) showBackups() {
	a, loc := s.app, s.app.loc
	if a.opts.ListBackups == nil {
		s.backups.Hide()
		return
	}
	list, err := a.opts.ListBackups()
	if err != nil || len(list) == 0 {
		s.backups.SetText(loc.T("settings.backups_none"))
		return
	}
	var lines []string
	for i, b := range list {
		if i == shownBackups {
			lines = append(lines, loc.N("settings.backups_more", len(list)-shownBackups))
			break
		}
		state := loc.T("settings.backup_unverified")
		if b.Verified {
			state = loc.T("settings.backup_verified")
		}
		lines = append(lines, loc.T("settings.backup_line", "Date", loc.Date(data.DateOf(b.At)), "Time", b.At.Format("15:04"),
			"Size", loc.Number((b.Size+1<<20-1)>>20), "State", state, "File", filepath.Base(b.Path)))
	}
	s.backups.SetText(strings.Join(lines, "\n"))
}
