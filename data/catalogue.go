package data

// rateChange2025 is the date the 2025 rate cut took effect (domain.md).
var rateChange2025 = MustDate("2025-12-01")

// longAgo starts the first recorded rate period; a period must exist for every loan date.
var longAgo = MustDate("2000-01-01")

type programSeed struct {
	code       string
	vi, en, fr string
	max        Dong
	basis      LimitBasis
	term       int
	rateBefore Rate // in force before 2025-12-01 (same as rateNow when unchanged)
	rateNow    Rate
	sources    []FundingSource
}

var allSources = []FundingSource{SourceCentral, SourceProvince, SourceLocal}

// programSeeds are the fourteen programs of domain.md with the rates in force from 1 Dec 2025.
var programSeeds = []programSeed{
	{"01", "Cho vay hộ nghèo", "Poor households", "Ménages pauvres", 100_000_000, LimitPerLoan, 120, 5500, 5200, allSources},
	{"19", "Cho vay hộ cận nghèo", "Near-poor households", "Ménages quasi pauvres", 100_000_000, LimitPerLoan, 120, 6240, 6240, allSources},
	{"09", "Cho vay hộ mới thoát nghèo", "Households newly out of poverty", "Ménages récemment sortis de la pauvreté", 100_000_000, LimitPerLoan, 60, 6500, 6500, allSources},
	{"02", "Cho vay học sinh, sinh viên", "Disadvantaged students", "Élèves et étudiants en difficulté", 4_000_000, LimitPerMonth, 0, 5200, 5200, allSources},
	{"03", "Giải quyết việc làm", "Job creation and retention", "Création et maintien d'emplois", 200_000_000, LimitPerWorker, 120, 6604, 6604, allSources},
	{"04", "Người lao động đi làm việc ở nước ngoài", "Workers abroad under contract", "Travailleurs à l'étranger sous contrat", 0, LimitPerLoan, 0, 5200, 5200, allSources},
	{"06", "Nước sạch và vệ sinh môi trường nông thôn", "Rural clean water and sanitation", "Eau potable et assainissement rural", 25_000_000, LimitPerFacility, 60, 7000, 7000, allSources},
	{"05", "Hộ sản xuất kinh doanh vùng khó khăn", "Production households in disadvantaged areas", "Ménages producteurs en zones défavorisées", 100_000_000, LimitPerLoan, 60, 6500, 6500, allSources},
	{"08", "Thương nhân vùng khó khăn", "Traders in disadvantaged areas", "Commerçants en zones défavorisées", 100_000_000, LimitPerLoan, 60, 6500, 6500, allSources},
	{"12", "Nhà ở xã hội", "Social housing", "Logement social", 1_000_000_000, LimitPerLoan, 300, 4500, 4500, allSources},
	{"07", "Nhà ở hộ nghèo", "Housing for poor households", "Logement des ménages pauvres", 25_000_000, LimitPerLoan, 180, 2500, 2500, allSources},
	{"28", "Đồng bào dân tộc thiểu số và miền núi", "Ethnic-minority and mountain households", "Ménages des minorités ethniques et de montagne", 77_500_000, LimitPerLoan, 180, 2500, 2500, allSources},
	{"26", "Người chấp hành xong án phạt tù", "People released after a prison sentence", "Personnes ayant purgé leur peine", 100_000_000, LimitPerLoan, 120, 5200, 5200, allSources},
	{"13", "Cơ sở giáo dục mầm non, tiểu học ngoài công lập", "Private pre-schools and primary schools", "Écoles maternelles et primaires privées", 200_000_000, LimitPerLoan, 36, 2750, 2750, allSources},
}

// mostUnits are the programs whose loans may count only so many units: clean water lends for
// up to two facilities (domain.md).
var mostUnits = map[string]int{"06": 2}

// DefaultPrograms returns the catalogue a new office starts with, rate history included.
func DefaultPrograms() []Program {
	out := make([]Program, 0, len(programSeeds))
	for _, s := range programSeeds {
		p := Program{
			Code:          s.code,
			Name:          map[string]string{"vi": s.vi, "en": s.en, "fr": s.fr},
			MaxAmount:     s.max,
			LimitBasis:    s.basis,
			MaxUnits:      mostUnits[s.code],
			MaxTermMonths: s.term,
			Sources:       append([]FundingSource(nil), s.sources...),
			Open:          true,
			// The bank's usual limit; students' loans use half the repayment period instead.
			ExtensionMaxMonths: DefaultSettings().ExtensionMaxMonths,
		}
		p.Rates = []RatePeriod{{ProgramCode: s.code, Effective: longAgo, Rate: s.rateBefore}}
		if s.rateNow != s.rateBefore {
			p.Rates = append(p.Rates, RatePeriod{ProgramCode: s.code, Effective: rateChange2025, Rate: s.rateNow})
		}
		out = append(out, p)
	}
	return out
}
