package demo

// region picks the regional spelling of two common family names: Hoàng/Huỳnh and Vũ/Võ.
type region int

const (
	north region = iota
	central
	south
)

// officeProfile describes one real district office the demo can impersonate: its names, the
// codes its people's IDs carry, and how its communes and villages are named.
type officeProfile struct {
	district   string // "huyện Quỳnh Lưu": the office is still named after the former district
	province   string
	cccd       string // 3-digit province code opening a citizen ID (Circular 07/2016/TT-BCA)
	cmnd       string // 2-digit prefix of the old 9-digit ID cards issued in the province
	codeBase   int    // around the official 5-digit codes of the district's communes
	custPrefix string // 4 digits opening the office's customer codes
	region     region
	prefix     string   // shared first syllable of many commune names ("Quỳnh Lâm", "Quỳnh Bá")
	highland   bool     // mountain district: Tai-style place names, ethnic minorities
	wardShare  int      // percent of communes that are wards (phường) — only in towns
	villageW   []string // words for a village: Thôn, Xóm, Bản, Ấp
	ethnic     []choice[string]
}

// offices are real district offices in provinces whose names survived the 2025 merger, so
// the branch name and the province code of citizen IDs agree. Commune code bases are near the
// district's codes in the official list; the codes themselves are made up.
var offices = []officeProfile{
	{
		district: "huyện Quỳnh Lưu", province: "Nghệ An", cccd: "040", cmnd: "18",
		codeBase: 16930, custPrefix: "4012", region: central, prefix: "Quỳnh",
		villageW: []string{"Thôn", "Xóm"},
	},
	{
		district: "huyện Diễn Châu", province: "Nghệ An", cccd: "040", cmnd: "18",
		codeBase: 17260, custPrefix: "4016", region: central, prefix: "Diễn",
		villageW: []string{"Xóm"},
	},
	{
		district: "thị xã Hoàng Mai", province: "Nghệ An", cccd: "040", cmnd: "18",
		codeBase: 16840, custPrefix: "4021", region: central, prefix: "Quỳnh", wardShare: 40,
		villageW: []string{"Thôn"},
	},
	{
		district: "huyện Kỳ Sơn", province: "Nghệ An", cccd: "040", cmnd: "18",
		codeBase: 16735, custPrefix: "4005", region: central, highland: true,
		villageW: []string{"Bản"},
		ethnic:   []choice[string]{{"H'Mông", 40}, {"Khơ Mú", 30}, {"Thái", 22}, {"Kinh", 8}},
	},
	{
		district: "huyện Tương Dương", province: "Nghệ An", cccd: "040", cmnd: "18",
		codeBase: 16780, custPrefix: "4006", region: central, highland: true,
		villageW: []string{"Bản"},
		ethnic:   []choice[string]{{"Thái", 60}, {"Khơ Mú", 15}, {"Kinh", 13}, {"H'Mông", 12}},
	},
	{
		district: "huyện Hoằng Hóa", province: "Thanh Hóa", cccd: "038", cmnd: "17",
		codeBase: 16000, custPrefix: "3818", region: central, prefix: "Hoằng",
		villageW: []string{"Thôn"},
	},
	{
		district: "huyện Thường Xuân", province: "Thanh Hóa", cccd: "038", cmnd: "17",
		codeBase: 15250, custPrefix: "3811", region: central, highland: true,
		villageW: []string{"Thôn", "Bản"},
		ethnic:   []choice[string]{{"Thái", 45}, {"Kinh", 30}, {"Mường", 25}},
	},
	{
		district: "huyện Cẩm Xuyên", province: "Hà Tĩnh", cccd: "042", cmnd: "18",
		codeBase: 18595, custPrefix: "4209", region: central, prefix: "Cẩm",
		villageW: []string{"Thôn"},
	},
	{
		district: "huyện Thuận Châu", province: "Sơn La", cccd: "014", cmnd: "05",
		codeBase: 3820, custPrefix: "1404", region: north, highland: true,
		villageW: []string{"Bản"},
		ethnic:   []choice[string]{{"Thái", 75}, {"H'Mông", 12}, {"Kinh", 8}, {"Khơ Mú", 5}},
	},
	{
		district: "huyện Bảo Yên", province: "Lào Cai", cccd: "010", cmnd: "06",
		codeBase: 2950, custPrefix: "1007", region: north, highland: true,
		villageW: []string{"Thôn"},
		ethnic:   []choice[string]{{"Tày", 45}, {"Kinh", 25}, {"Dao", 18}, {"H'Mông", 12}},
	},
	{
		district: "huyện Trần Văn Thời", province: "Cà Mau", cccd: "096", cmnd: "38",
		codeBase: 32110, custPrefix: "9605", region: south,
		villageW: []string{"Ấp"},
	},
}
