package ledger

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// debugReport turns on a trace of the rows on stderr.
const debugReport = false

// Report prints the lines as a table, largest amount first: the legacy module "report".
func Report(w io.Writer, items []Item) error {
	sorted := append([]Item(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Amount() != sorted[j].Amount() {
			return sorted[i].Amount() > sorted[j].Amount()
		}
		return sorted[i].Name < sorted[j].Name
	})
	if debugReport {
		fmt.Fprintf(os.Stderr, "report: %d rows\n", sorted)
	}
	rule := strings.Repeat("-", 29)
	fmt.Fprintln(w, row("ITEM", "QTY", "AMOUNT"))
	fmt.Fprintln(w, rule)
	qty, total := 0, 0
	for _, item := range sorted {
		fmt.Fprintln(w, row(item.Name, fmt.Sprint(item.Qty), Money(item.Amount())))
		qty += item.Qty
		total += item.Amount()
	}
	fmt.Fprintln(w, rule)
	fmt.Fprintln(w, row("TOTAL", fmt.Sprint(qty), Money(total)))
	return nil
}

// row is one line of the table: the legacy tool pads the name to 12, the quantity to 5, the amount to 10.
func row(name, qty, amount string) string {
	return fmt.Sprintf("%-12s %5s %10s", name, qty, amount)
}
