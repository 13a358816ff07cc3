package ledger

import (
	"fmt"
	"io"
)

// Total prints each line's amount, then the total: the legacy module "total".
func Total(w io.Writer, items []Item) error {
	sum := 0
	for _, item := range items {
		fmt.Fprintf(w, "%s x%d @ %s = %s\n", item.Name, item.Qty, Money(item.Cents), Money(item.Amount()))
		sum += item.Amount()
	}
	fmt.Fprintf(w, "TOTAL %s\n", Money(sum))
	return nil
}
