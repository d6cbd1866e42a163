package translations

import (
	"testing"

	"policycredit/data"
)

type wordsCase struct {
	n    data.Dong
	want string
}

// mustCover are the amounts every language's table writes out: the small numbers where the
// rules differ, and the largest unit the statements reach.
var mustCover = []data.Dong{0, 5, 10, 11, 15, 21, 25, 101, 105, 1_000_005, 123_450_000, 1_000_000_000_000}

func checkWords(t *testing.T, lang string, cases []wordsCase) {
	t.Helper()
	if len(cases) < 40 {
		t.Errorf("%s: only %d cases", lang, len(cases))
	}
	covered := map[data.Dong]bool{}
	for _, c := range cases {
		covered[c.n] = true
	}
	for _, n := range mustCover {
		if !covered[n] {
			t.Errorf("%s: the table lacks %d", lang, n)
		}
	}
	l := New(lang)
	for _, c := range cases {
		if got := l.AmountInWords(c.n); got != c.want {
			t.Errorf("%s AmountInWords(%d)\n got %q\nwant %q", lang, c.n, got, c.want)
		}
	}
}

// Vietnamese, as the bank's statements write it: "linh" (not "lẻ") for a zero ten; after
// "mươi" (20 and up) one is "mốt", four is "tư" and five is "lăm"; after "mười" five is "lăm"
// but one and four stay "một", "bốn"; after "linh" every digit keeps its name; a group after
// a higher one reads its hundreds, even "không trăm"; "nghìn tỷ" above a thousand billion.
func TestAmountInWordsVietnamese(t *testing.T) {
	t.Parallel()
	checkWords(t, "vi", []wordsCase{
		{0, "Không đồng"},
		{1, "Một đồng"},
		{4, "Bốn đồng"},
		{5, "Năm đồng"},
		{10, "Mười đồng"},
		{11, "Mười một đồng"},
		{14, "Mười bốn đồng"},
		{40, "Bốn mươi đồng"},
		{41, "Bốn mươi mốt đồng"},
		{44, "Bốn mươi tư đồng"},
		{45, "Bốn mươi lăm đồng"},
		{94, "Chín mươi tư đồng"},
		{15, "Mười lăm đồng"},
		{20, "Hai mươi đồng"},
		{21, "Hai mươi mốt đồng"},
		{24, "Hai mươi tư đồng"},
		{25, "Hai mươi lăm đồng"},
		{30, "Ba mươi đồng"},
		{55, "Năm mươi lăm đồng"},
		{71, "Bảy mươi mốt đồng"},
		{99, "Chín mươi chín đồng"},
		{100, "Một trăm đồng"},
		{101, "Một trăm linh một đồng"},
		{104, "Một trăm linh bốn đồng"},
		{105, "Một trăm linh năm đồng"},
		{110, "Một trăm mười đồng"},
		{111, "Một trăm mười một đồng"},
		{114, "Một trăm mười bốn đồng"},
		{115, "Một trăm mười lăm đồng"},
		{121, "Một trăm hai mươi mốt đồng"},
		{201, "Hai trăm linh một đồng"},
		{280, "Hai trăm tám mươi đồng"},
		{1000, "Một nghìn đồng"},
		{1001, "Một nghìn không trăm linh một đồng"},
		{1005, "Một nghìn không trăm linh năm đồng"},
		{1021, "Một nghìn không trăm hai mươi mốt đồng"},
		{2024, "Hai nghìn không trăm hai mươi tư đồng"},
		{5000, "Năm nghìn đồng"},
		{10000, "Mười nghìn đồng"},
		{10005, "Mười nghìn không trăm linh năm đồng"},
		{15000, "Mười lăm nghìn đồng"},
		{21000, "Hai mươi mốt nghìn đồng"},
		{100000, "Một trăm nghìn đồng"},
		{100010, "Một trăm nghìn không trăm mười đồng"},
		{405000, "Bốn trăm linh năm nghìn đồng"},
		{1000000, "Một triệu đồng"},
		{1000005, "Một triệu không trăm linh năm đồng"},
		{1005000, "Một triệu không trăm linh năm nghìn đồng"},
		{1500000, "Một triệu năm trăm nghìn đồng"},
		{50000000, "Năm mươi triệu đồng"},
		{123450000, "Một trăm hai mươi ba triệu bốn trăm năm mươi nghìn đồng"},
		{1000000000, "Một tỷ đồng"},
		{1000000001, "Một tỷ không trăm linh một đồng"},
		{1000050000, "Một tỷ không trăm năm mươi nghìn đồng"},
		{5020000000, "Năm tỷ không trăm hai mươi triệu đồng"},
		{1234567000, "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn đồng"},
		{1000000000000, "Một nghìn tỷ đồng"},
		{1000000000005, "Một nghìn tỷ không trăm linh năm đồng"},
		{1005000000000, "Một nghìn không trăm linh năm tỷ đồng"},
		{25000000000000, "Hai mươi lăm nghìn tỷ đồng"},
		{999999999999999, "Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng"},
		{-5, "Âm năm đồng"},
		{1000000000000000, ""},
	})
}

// English: American style without "and", hyphens from 21 to 99, "dong" invariable.
func TestAmountInWordsEnglish(t *testing.T) {
	t.Parallel()
	checkWords(t, "en", []wordsCase{
		{0, "zero dong"},
		{1, "one dong"},
		{4, "four dong"},
		{5, "five dong"},
		{10, "ten dong"},
		{11, "eleven dong"},
		{12, "twelve dong"},
		{14, "fourteen dong"},
		{19, "nineteen dong"},
		{15, "fifteen dong"},
		{20, "twenty dong"},
		{21, "twenty-one dong"},
		{24, "twenty-four dong"},
		{25, "twenty-five dong"},
		{30, "thirty dong"},
		{40, "forty dong"},
		{55, "fifty-five dong"},
		{71, "seventy-one dong"},
		{99, "ninety-nine dong"},
		{100, "one hundred dong"},
		{101, "one hundred one dong"},
		{104, "one hundred four dong"},
		{105, "one hundred five dong"},
		{110, "one hundred ten dong"},
		{115, "one hundred fifteen dong"},
		{121, "one hundred twenty-one dong"},
		{201, "two hundred one dong"},
		{280, "two hundred eighty dong"},
		{1000, "one thousand dong"},
		{1001, "one thousand one dong"},
		{1005, "one thousand five dong"},
		{1021, "one thousand twenty-one dong"},
		{2024, "two thousand twenty-four dong"},
		{5000, "five thousand dong"},
		{10000, "ten thousand dong"},
		{15000, "fifteen thousand dong"},
		{21000, "twenty-one thousand dong"},
		{100000, "one hundred thousand dong"},
		{1000000, "one million dong"},
		{1000005, "one million five dong"},
		{1005000, "one million five thousand dong"},
		{1500000, "one million five hundred thousand dong"},
		{50000000, "fifty million dong"},
		{123450000, "one hundred twenty-three million four hundred fifty thousand dong"},
		{1000000000, "one billion dong"},
		{1000050000, "one billion fifty thousand dong"},
		{1234567000, "one billion two hundred thirty-four million five hundred sixty-seven thousand dong"},
		{1000000001, "one billion one dong"},
		{1000000000000, "one trillion dong"},
		{1005000000000, "one trillion five billion dong"},
		{999999999999999, "nine hundred ninety-nine trillion nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine dong"},
		{-5, "minus five dong"},
		{1000000000000000, ""},
	})
}

// French: traditional spelling; "et un"; soixante-dix, quatre-vingts; cent and quatre-vingt
// take an s only at the end or before million(s)/milliard(s); mille never varies; "de" after
// million, milliard and billion; "dong" singular for 0 and 1.
func TestAmountInWordsFrench(t *testing.T) {
	t.Parallel()
	checkWords(t, "fr", []wordsCase{
		{0, "zéro dong"},
		{1, "un dong"},
		{4, "quatre dongs"},
		{5, "cinq dongs"},
		{10, "dix dongs"},
		{11, "onze dongs"},
		{15, "quinze dongs"},
		{16, "seize dongs"},
		{17, "dix-sept dongs"},
		{21, "vingt et un dongs"},
		{25, "vingt-cinq dongs"},
		{55, "cinquante-cinq dongs"},
		{61, "soixante et un dongs"},
		{70, "soixante-dix dongs"},
		{71, "soixante et onze dongs"},
		{72, "soixante-douze dongs"},
		{77, "soixante-dix-sept dongs"},
		{80, "quatre-vingts dongs"},
		{81, "quatre-vingt-un dongs"},
		{90, "quatre-vingt-dix dongs"},
		{91, "quatre-vingt-onze dongs"},
		{99, "quatre-vingt-dix-neuf dongs"},
		{100, "cent dongs"},
		{101, "cent un dongs"},
		{105, "cent cinq dongs"},
		{121, "cent vingt et un dongs"},
		{200, "deux cents dongs"},
		{201, "deux cent un dongs"},
		{280, "deux cent quatre-vingts dongs"},
		{400, "quatre cents dongs"},
		{1000, "mille dongs"},
		{1001, "mille un dongs"},
		{1005, "mille cinq dongs"},
		{1100, "mille cent dongs"},
		{2000, "deux mille dongs"},
		{21000, "vingt et un mille dongs"},
		{80000, "quatre-vingt mille dongs"},
		{200000, "deux cent mille dongs"},
		{200080, "deux cent mille quatre-vingts dongs"},
		{180000, "cent quatre-vingt mille dongs"},
		{1000000, "un million de dongs"},
		{1000005, "un million cinq dongs"},
		{1005000, "un million cinq mille dongs"},
		{1001000, "un million mille dongs"},
		{2000000, "deux millions de dongs"},
		{21000000, "vingt et un millions de dongs"},
		{80000000, "quatre-vingts millions de dongs"},
		{200000000, "deux cents millions de dongs"},
		{123450000, "cent vingt-trois millions quatre cent cinquante mille dongs"},
		{1000000000, "un milliard de dongs"},
		{2000000000, "deux milliards de dongs"},
		{1000000001, "un milliard un dongs"},
		{1234567000, "un milliard deux cent trente-quatre millions cinq cent soixante-sept mille dongs"},
		{1000000000000, "un billion de dongs"},
		{1001000000000, "un billion un milliard de dongs"},
		{3000000000005, "trois billions cinq dongs"},
		{999999999999999, "neuf cent quatre-vingt-dix-neuf billions neuf cent quatre-vingt-dix-neuf milliards neuf cent quatre-vingt-dix-neuf millions neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf dongs"},
		{-5, "moins cinq dongs"},
		{1000000000000000, ""},
	})
}
