// Package ledger holds the modules of the ledger tool, ported from legacy/ledger.mjs.
package ledger

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Item is one line of a ledger file: a name, a quantity and a unit price in cents.
type Item struct {
	Name  string
	Qty   int
	Cents int
}

// Amount is the line's value in cents.
func (item Item) Amount() int { return item.Qty * item.Cents }

var (
	qtyPattern   = regexp.MustCompile(`^[0-9]+$`)
	pricePattern = regexp.MustCompile(`^([0-9]+)(?:\.([0-9]{1,2}))?$`)
)

// Parse reads a ledger file: one "item qty price" a line; blank lines and # comments are skipped.
func Parse(text string) ([]Item, error) {
	var items []Item
	for index, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 3 {
			return nil, fmt.Errorf("line %d: expected \"item qty price\", got \"%s\"", index+1, line)
		}
		if !qtyPattern.MatchString(fields[1]) {
			return nil, fmt.Errorf("line %d: bad quantity \"%s\"", index+1, fields[1])
		}
		price := pricePattern.FindStringSubmatch(fields[2])
		if price == nil {
			return nil, fmt.Errorf("line %d: bad price \"%s\"", index+1, fields[2])
		}
		qty, _ := strconv.Atoi(fields[1])
		whole, _ := strconv.Atoi(price[1])
		fraction, _ := strconv.Atoi((price[2] + "00")[:2])
		items = append(items, Item{Name: fields[0], Qty: qty, Cents: whole*100 + fraction})
	}
	return items, nil
}

// Money formats cents as the legacy tool does: 1234 → "12.34".
func Money(cents int) string {
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}
