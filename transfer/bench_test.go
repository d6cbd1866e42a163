package transfer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/transfer"
	"policycredit/translations"
)

// bankFile writes the bank's daily loan file for n loans of n households in 10 communes, 50
// villages and 200 groups: one row per loan with the household, group and place, the
// balances on the cut-off date, as offices receive it.
func bankFile(b *testing.B, path string, n int) {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"Mã xã", "Tên xã", "Mã thôn", "Tên thôn", "Mã KH", "Tên KH", "Năm sinh", "Đối tượng", "Số CCCD",
		"Mã tổ", "Tên tổ", "Hội đoàn thể", "Số KU", "Mã CT", "Ngày vay", "Thời hạn", "Số tiền vay",
		"Dư nợ trong hạn", "Dư nợ quá hạn", "Dư nợ khoanh"}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i++ {
		commune := 20000 + i%10
		village := fmt.Sprintf("%d-%02d", commune, i%50/10)
		group := fmt.Sprintf("%d-T%02d", commune, i%200/10)
		// 36 months, quarterly, lent on 15/01/2025: five installments of 1/12 are due by
		// 30/06/2026 and paid, so 7/12 of the amount is current.
		amount := int64(12_000_000 + (i%4)*6_000_000)
		row := []any{fmt.Sprint(commune), fmt.Sprintf("Xã %d", commune), village, "Thôn " + village,
			fmt.Sprintf("KH%06d", i), fmt.Sprintf("Nguyễn Văn Hộ %d", i), 1960 + i%40, "Hộ nghèo",
			fmt.Sprintf("%03d0%02d%06d", []int{1, 38, 40}[i%3], (1960+i%40)%100, i), group, "Tổ " + group, "Hội Nông dân",
			fmt.Sprintf("%d/2025/%05d", commune, i), "01", "15/01/2025", 36, amount, amount * 7 / 12, 0, 0}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkImportBankFile10k reads, checks and imports 10,000 rows of the bank's loan file
// into an empty office, in one transaction: each row makes (or finds) its commune, village
// and group, makes a household and a loan, and posts the loan's opening entries.
func BenchmarkImportBankFile10k(b *testing.B) {
	dir := b.TempDir()
	file := filepath.Join(dir, "bao-cao-31.xlsx")
	const n = 10_000
	bankFile(b, file, n)
	loc := translations.New("vi")
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := sqlite.Open(filepath.Join(dir, fmt.Sprintf("office-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		programs, err := s.Programs(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		f, err := transfer.Open(ctx, file, s)
		if err != nil {
			b.Fatal(err)
		}
		out, err := f.Run(ctx, s, loc, transfer.Env{Programs: programs, CutOff: data.MustDate("2026-06-30")}, false, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if len(out.Problems) > 0 || !out.Result.Written || out.Result.Counts["loan"].Created != n {
			b.Fatalf("%d problems (first %+v), counts %v", len(out.Problems), out.Problems[0], out.Result.Counts)
		}
		s.Close()
		b.StartTimer()
	}
}
