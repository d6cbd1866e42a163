package data

// GroupStatus says whether a savings-and-loan group still works.
type GroupStatus string

const (
	GroupActive GroupStatus = "active"
	GroupClosed GroupStatus = "closed"
)

// Rating is a group's yearly grade.
type Rating string

const (
	RatingGood    Rating = "good"    // Tốt
	RatingFair    Rating = "fair"    // Khá
	RatingAverage Rating = "average" // Trung bình
	RatingWeak    Rating = "weak"    // Yếu
)

// Ratings lists the grades from best to worst.
var Ratings = []Rating{RatingGood, RatingFair, RatingAverage, RatingWeak}

// Group is a savings-and-loan group (Tổ tiết kiệm và vay vốn).
type Group struct {
	ID           int64
	Code         string
	Name         string
	VillageID    int64
	Association  string // association code
	LeaderID     int64  // a borrower who is a member; 0 while the group has no leader yet
	FoundedOn    Date   // date of the founding decision
	Status       GroupStatus
	Note         string // e.g. why members from a neighbouring village are admitted
	Members      int    // filled by the store on reads
	LatestRating Rating // filled by the store on reads: the latest settled month's, else the latest year's
	RatingYear   int    // year of LatestRating
	RatingMonth  Month  `json:"-"` // the settled month of LatestRating; zero for a yearly rating
}

// GroupRating is one year's grade of a group.
type GroupRating struct {
	GroupID int64
	Year    int
	Rating  Rating
}

// Validate checks the group's own fields.
func (g *Group) Validate() error {
	g.Code, g.Name, g.Note = NFC(g.Code), NFC(g.Name), NFC(g.Note)
	if g.Status == "" {
		g.Status = GroupActive
	}
	var errs Errors
	errs.Add(ValidateCode("group.code", g.Code, 20))
	errs.Add(ValidateName("group.name", g.Name, 100))
	if g.VillageID == 0 {
		errs.Add(Invalid("group.village", "required"))
	}
	switch {
	case g.Association == "":
		errs.Add(Invalid("group.association", "required"))
	case !IsAssociation(g.Association):
		errs.Add(Invalid("group.association", "one_of"))
	}
	if g.FoundedOn.IsZero() {
		errs.Add(Invalid("group.founded_on", "required"))
	}
	if g.Status != GroupActive && g.Status != GroupClosed {
		errs.Add(Invalid("group.status", "one_of"))
	}
	errs.Add(ValidateOptionalText("group.note", g.Note, 500))
	return errs.Err()
}

// Validate checks a rating.
func (r *GroupRating) Validate() error {
	var errs Errors
	if r.Year < 1990 || r.Year > 2100 {
		errs.Add(Invalid("rating.year", "range", "Min", 1990, "Max", 2100))
	}
	ok := false
	for _, x := range Ratings {
		ok = ok || x == r.Rating
	}
	if !ok {
		errs.Add(Invalid("rating.rating", "one_of"))
	}
	return errs.Err()
}
