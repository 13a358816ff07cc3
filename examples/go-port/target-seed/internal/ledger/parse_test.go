// The legacy project's acceptance tests for the parser: protected (autoswe.yaml protected:).
package ledger

import "testing"

func TestParse(t *testing.T) {
	items, err := Parse("apple 3 0.50\n# comment\n\nmelon 1 3.9\n")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []Item{{"apple", 3, 50}, {"melon", 1, 390}}
	if len(items) != len(want) || items[0] != want[0] || items[1] != want[1] {
		t.Errorf("Parse = %v, want %v", items, want)
	}
	if _, err := Parse("pear two 1.25\n"); err == nil || err.Error() != `line 1: bad quantity "two"` {
		t.Errorf("Parse of a bad quantity: err = %v", err)
	}
}

func TestMoney(t *testing.T) {
	for cents, want := range map[int]string{0: "0.00", 5: "0.05", 1234: "12.34"} {
		if got := Money(cents); got != want {
			t.Errorf("Money(%d) = %q, want %q", cents, got, want)
		}
	}
}
