package ledger

import (
	"fmt"
	"io"
)

// Stats prints counts, the largest line and the mean amount: the legacy module "stats".
func Stats(w io.Writer, items []Item) error {
	units := 0
	for _, item := range items {
		units += item.Qty
	}
	fmt.Fprintf(w, "items: %d\nunits: %d\n", len(items), units)
	if len(items) == 0 {
		fmt.Fprintf(w, "max: -\nmean: %s\n", Money(0))
		return nil
	}
	// TODO: port max and mean.
	return nil
}

// Mean is the mean amount of a line in cents, rounded down; 0 without lines.
func Mean(items []Item) int {
	// TODO: port.
	return 0
}
