package data

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Role is what a user of the office does; Permissions says what each may do.
type Role string

const (
	RoleDirector   Role = "director"       // giám đốc
	RoleAccountant Role = "accountant"     // kế toán / kiểm soát
	RoleCredit     Role = "credit_officer" // cán bộ tín dụng
	RoleTeller     Role = "teller"         // giao dịch viên
	RoleAdmin      Role = "administrator"  // quản trị
)

// Roles lists every role, the director first.
var Roles = []Role{RoleDirector, RoleAccountant, RoleCredit, RoleTeller, RoleAdmin}

// ParseRole reads a role by its name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == strings.TrimSpace(s) {
			return r, nil
		}
	}
	return "", Invalid("user.role", "unknown_role", "Value", s)
}

// Action is something a user may be allowed to do; the store checks it on every write.
type Action string

const (
	ActPlaces        Action = "places"          // communes, villages, transaction points
	ActGroups        Action = "groups"          // groups, ratings, moving households
	ActHouseholds    Action = "households"      // households: new, every field, left, rejoin
	ActContacts      Action = "contacts"        // a household's phone and address only
	ActLoanOpen      Action = "loan_open"       // a loan application, opened once approved
	ActCash          Action = "cash"            // disbursements, payments, savings in and out
	ActCorrection    Action = "correction"      // reversals of entries and of batches
	ActMove          Action = "move"            // reschedules and extensions
	ActFreeze        Action = "freeze"          // freezing and unfreezing debt
	ActWriteOff      Action = "writeoff"        // writing off principal or interest
	ActSavingsCredit Action = "savings_credit"  // the half-yearly savings interest
	ActPrograms      Action = "programs"        // a program's terms
	ActRates         Action = "rates"           // dated rate periods
	ActRules         Action = "rules"           // dated rule periods
	ActSettings      Action = "settings"        // office details and settings that are not rules
	ActCloseMonth    Action = "close_month"     // closing the books of a month
	ActReopenMonth   Action = "reopen_month"    // reopening closed months
	ActImport        Action = "import"          // an import file, as a whole
	ActLoadOffice    Action = "load_office"     // a whole office into an empty database
	ActUsers         Action = "users"           // adding, disabling users, resetting passwords
	ActUserRole      Action = "user_role"       // changing a user's role
	ActBackup        Action = "backup"          // backups
	ActRestore       Action = "restore"         // replacing the office by a backup
	ActMaintenance   Action = "maintenance"     // rebuilding the kept balances
	ActPersonal      Action = "personal"        // reading households' personal data
	ActFullIDs       Action = "full_id_numbers" // seeing ID numbers unmasked in lists
	ActCache         Action = "cache"           // figures kept to open screens fast
	ActCapital       Action = "capital"         // local-budget capital: transfers, returns, reversals
	ActSettle        Action = "settle"          // settling a month's fees, commissions and ratings, and reversing it
)

// Permission is one row of the table of who may do what. Checkers, when set, make the action a
// request that takes effect only once a different user with one of those roles approves it.
type Permission struct {
	Action   Action
	Makers   []Role
	Checkers []Role
}

var (
	everyone   = []Role{RoleDirector, RoleAccountant, RoleCredit, RoleTeller, RoleAdmin}
	controller = []Role{RoleAccountant, RoleDirector}
)

// Permissions is the one table of who may do what (issue: roles enforced in the store).
var Permissions = []Permission{
	{Action: ActPlaces, Makers: []Role{RoleCredit, RoleDirector, RoleAdmin}},
	{Action: ActGroups, Makers: []Role{RoleCredit}},
	{Action: ActHouseholds, Makers: []Role{RoleCredit}},
	{Action: ActContacts, Makers: []Role{RoleCredit, RoleTeller}},
	{Action: ActLoanOpen, Makers: []Role{RoleCredit}, Checkers: controller},
	{Action: ActCash, Makers: []Role{RoleTeller}},
	{Action: ActCorrection, Makers: controller, Checkers: controller},
	{Action: ActMove, Makers: []Role{RoleCredit, RoleAccountant, RoleDirector}, Checkers: controller},
	{Action: ActFreeze, Makers: []Role{RoleCredit, RoleAccountant, RoleDirector}, Checkers: controller},
	{Action: ActWriteOff, Makers: controller, Checkers: controller},
	{Action: ActSavingsCredit, Makers: controller},
	{Action: ActPrograms, Makers: []Role{RoleDirector}},
	{Action: ActRates, Makers: []Role{RoleDirector}, Checkers: controller},
	{Action: ActRules, Makers: []Role{RoleDirector}, Checkers: controller},
	{Action: ActSettings, Makers: []Role{RoleDirector, RoleAdmin}},
	{Action: ActCloseMonth, Makers: controller},
	{Action: ActReopenMonth, Makers: []Role{RoleDirector}, Checkers: controller},
	{Action: ActImport, Makers: []Role{RoleCredit, RoleAccountant, RoleDirector}, Checkers: controller},
	{Action: ActLoadOffice, Makers: []Role{RoleDirector, RoleAdmin}},
	{Action: ActUsers, Makers: []Role{RoleAdmin, RoleDirector}}, // the director adds the first administrator
	{Action: ActUserRole, Makers: []Role{RoleDirector, RoleAdmin}, Checkers: []Role{RoleDirector, RoleAdmin}},
	{Action: ActBackup, Makers: []Role{RoleAdmin, RoleDirector, RoleAccountant}},
	{Action: ActRestore, Makers: []Role{RoleAdmin}, Checkers: []Role{RoleDirector}},
	{Action: ActMaintenance, Makers: []Role{RoleAdmin, RoleAccountant, RoleDirector}},
	{Action: ActPersonal, Makers: []Role{RoleDirector, RoleAccountant, RoleCredit, RoleTeller}},
	{Action: ActFullIDs, Makers: []Role{RoleCredit, RoleTeller}},
	{Action: ActCache, Makers: everyone},
	{Action: ActCapital, Makers: []Role{RoleAccountant}, Checkers: []Role{RoleDirector}},
	{Action: ActSettle, Makers: controller},
}

func permission(a Action) (Permission, bool) {
	for _, p := range Permissions {
		if p.Action == a {
			return p, true
		}
	}
	return Permission{}, false
}

func hasRole(roles []Role, r Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// MayDo says whether role r may do (or ask for) action a.
func MayDo(r Role, a Action) bool {
	p, ok := permission(a)
	return ok && hasRole(p.Makers, r)
}

// NeedsApproval says whether action a is a request a second user must approve.
func NeedsApproval(a Action) bool {
	p, ok := permission(a)
	return ok && len(p.Checkers) > 0
}

// MayApprove says whether role r may approve a request for action a (made by someone else).
func MayApprove(r Role, a Action) bool {
	p, ok := permission(a)
	return ok && hasRole(p.Checkers, r)
}

// ActionForKind is the action posting an entry of kind k is.
func ActionForKind(k EntryKind) Action {
	switch k {
	case EntryReversal:
		return ActCorrection
	case EntryReschedule, EntryExtend:
		return ActMove
	case EntryFreeze, EntryUnfreeze:
		return ActFreeze
	case EntryWriteOff, EntryWriteOffInterest:
		return ActWriteOff
	case EntrySavingsInterest:
		return ActSavingsCredit
	default:
		return ActCash
	}
}

// AnchorDigits is how many hex digits of the ledger's chain head a signed document prints
// (its anchor), and the shortest anchor `check --anchor` accepts.
const AnchorDigits = 12

// MinPasswordLength is the shortest password a user may choose.
const MinPasswordLength = 10

// CheckPasswordRule refuses a password too short to be one.
func CheckPasswordRule(pw string) error {
	if len([]rune(pw)) < MinPasswordLength {
		return Invalid("user.password", "too_short", "Min", MinPasswordLength)
	}
	return nil
}

// CheckUserName refuses a log-in name that is empty or has spaces or control characters.
func CheckUserName(name string) error {
	if name == "" {
		return Invalid("user.name", "required")
	}
	if len(name) > 40 {
		return Invalid("user.name", "too_long", "Max", 40)
	}
	for _, r := range name {
		if r <= ' ' || r == 0x7f {
			return Invalid("user.name", "no_spaces")
		}
	}
	return nil
}

// User is a person who works in the office's database.
type User struct {
	Name     string // log-in name
	FullName string
	Role     Role
	Active   bool
	// MustChange is set when the administrator reset the password: the next log-in asks for
	// a new one before anything else.
	MustChange  bool
	LockedUntil time.Time // zero: not locked
	CreatedAt   time.Time
	CreatedBy   string
}

// LockoutFailures wrong passwords in a row lock a user for LockoutDuration.
const (
	LockoutFailures = 5
	LockoutDuration = 5 * time.Minute
)

// Session is a user logged in to one store; only the store that issued it accepts it.
type Session struct {
	User       string
	FullName   string
	Role       Role
	MustChange bool
	Token      string // the store's proof that it checked the password
}

type sessionKey struct{}

// WithSession makes ctx act as the session's user: the store checks the session and the
// user's role on every write and read of personal data.
func WithSession(ctx context.Context, s Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// SessionFrom returns the session on ctx.
func SessionFrom(ctx context.Context) (Session, bool) {
	s, ok := ctx.Value(sessionKey{}).(Session)
	return s, ok && s.Token != ""
}

// RequestState is where a request for approval stands.
type RequestState string

const (
	RequestPending  RequestState = "pending"
	RequestApproved RequestState = "approved"
	RequestRejected RequestState = "rejected"
)

// Request is a change made by one user that takes effect only when another approves it.
type Request struct {
	ID      int64
	Action  Action
	Subject string // what it changes: a contract, a month, a user, a rule, a file
	Note    string // the maker's reason or decision, when the change carries one
	// Before and After are what changes, as JSON: the loan's position, the rule's periods,
	// the closed months, the user's role, an import's counts.
	Before, After string
	Maker         string
	MadeAt        time.Time
	State         RequestState
	Checker       string
	DecidedAt     time.Time
	Reason        string // the checker's reason for a rejection
}

// RequestMade is what a write that needs approval returns instead of doing it: the request
// waiting for a second user. It is an error so that no caller takes the change as done.
type RequestMade struct {
	ID     int64
	Action Action
}

func (r *RequestMade) Error() string {
	return fmt.Sprintf("request %d (%s) waits for approval", r.ID, r.Action)
}

// MaskID shows only the last four characters of an ID number.
func MaskID(id string) string {
	r := []rune(id)
	if len(r) <= 4 {
		return id
	}
	return strings.Repeat("•", len(r)-4) + string(r[len(r)-4:])
}
