package demo

import "fmt"

func (s loanStats) String() string {
	return fmt.Sprintf("history %d months, %d loan entries, %d savers, %d PositionOn calls",
		s.horizon, s.loanEntries, s.savers, s.positionCalls)
}
