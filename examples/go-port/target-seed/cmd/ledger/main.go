// Command ledger is the Go rewrite of legacy/ledger.mjs. Usage: ledger MODULE CASE
package main

import (
	"fmt"
	"io"
	"os"

	"example.com/ledger/internal/ledger"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Println("usage: ledger MODULE CASE")
		os.Exit(2)
	}
	modules := map[string]func(io.Writer, []ledger.Item) error{
		"total":  ledger.Total,
		"report": ledger.Report,
		"stats":  ledger.Stats,
	}
	run, ok := modules[os.Args[1]]
	if !ok {
		fmt.Printf("error: unknown module \"%s\"\n", os.Args[1])
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Printf("error: %v\n", err)
		os.Exit(1)
	}
	items, err := ledger.Parse(string(data))
	if err == nil {
		err = run(os.Stdout, items)
	}
	if err != nil {
		fmt.Printf("error: %v\n", err)
		os.Exit(1)
	}
}
