package ui

import (
	"context"

	"policycredit/data"
)

// ledgerAnchor is the first digits of the ledger's chain head, printed in the footer of a
// signed document so that the paper anchors the ledger as it stood (`check --anchor`); "" when
// the store cannot say (then the footer has no anchor line).
func (a *App) ledgerAnchor(ctx context.Context) string {
	h, ok := a.store.(interface {
		LedgerHead(context.Context) (string, error)
	})
	if !ok {
		return ""
	}
	head, err := h.LedgerHead(ctx)
	if err != nil || len(head) < data.AnchorDigits {
		return ""
	}
	return head[:data.AnchorDigits]
}
