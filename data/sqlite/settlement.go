package sqlite

import (
	"context"
	"errors"

	"policycredit/data"
)

// errSettlementPending is returned until the settlement's tables land (next commit).
var errSettlementPending = errors.New("settlement: not built yet")

func (s *Store) MonthSettlement(ctx context.Context, m data.Month, communeID int64) (data.Settlement, error) {
	return data.Settlement{}, errSettlementPending
}
func (s *Store) Settle(ctx context.Context, m data.Month) (data.Settlement, error) {
	return data.Settlement{}, errSettlementPending
}
func (s *Store) ReverseSettlement(ctx context.Context, m data.Month, reason string) error {
	return errSettlementPending
}
func (s *Store) Settlements(ctx context.Context) ([]data.SettlementInfo, error) {
	return nil, errSettlementPending
}
func (s *Store) SettlementPayables(ctx context.Context, pointID int64, on data.Date) ([]data.Payable, error) {
	return nil, errSettlementPending
}
func (s *Store) SettlementPayments(ctx context.Context, pointID int64, on data.Date) ([]data.SettlementPayment, error) {
	return nil, errSettlementPending
}
func (s *Store) PaySettlement(ctx context.Context, p *data.SettlementPayment) error {
	return errSettlementPending
}
func (s *Store) ReverseSettlementPayment(ctx context.Context, id int64, reason string) error {
	return errSettlementPending
}
func (s *Store) GroupScores(ctx context.Context, groupID int64) ([]data.GroupScore, error) {
	return nil, errSettlementPending
}
func (s *Store) DecideRating(ctx context.Context, d data.RatingDecision) error {
	return errSettlementPending
}
