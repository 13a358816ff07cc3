// The legacy project's acceptance tests for stats: protected (autoswe.yaml protected:).
package ledger

import "testing"

func TestMean(t *testing.T) {
	items := []Item{{"apple", 3, 50}, {"pear", 2, 125}, {"melon", 1, 390}}
	if got := Mean(items); got != 263 {
		t.Errorf("Mean = %d, want 263", got)
	}
	if got := Mean(nil); got != 0 {
		t.Errorf("Mean(nil) = %d, want 0", got)
	}
}
