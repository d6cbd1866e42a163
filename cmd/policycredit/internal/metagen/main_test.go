package main

import (
	"bytes"
	"os"
	"testing"
)

// The committed metadata_gen.go must be what FyneApp.toml says; `make build` regenerates it.
func TestGeneratedMetadataIsCurrent(t *testing.T) {
	want, err := Render("../../../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../metadata_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("cmd/policycredit/metadata_gen.go is stale; run `go generate ./cmd/policycredit`:\n%s", want)
	}
}

func TestRenderRefusesIncompleteMetadata(t *testing.T) {
	path := t.TempDir() + "/FyneApp.toml"
	if err := os.WriteFile(path, []byte("[Details]\nName = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Render(path); err == nil {
		t.Fatal("Render accepted metadata with no ID and Version")
	}
}
