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
	// The first of equal amounts wins, as in the legacy tool.
	largest := items[0]
	for _, item := range items[1:] {
		if item.Amount() > largest.Amount() {
			largest = item
		}
	}
	fmt.Fprintf(w, "max: %s (%s)\nmean: %s\n", largest.Name, Money(largest.Amount()), Money(Mean(items)))
	return nil
}

// Mean is the mean amount of a line in cents, rounded down; 0 without lines.
func Mean(items []Item) int {
	if len(items) == 0 {
		return 0
	}
	total := 0
	for _, item := range items {
		total += item.Amount()
	}
	return total / len(items)
}
