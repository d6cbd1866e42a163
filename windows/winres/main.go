// Command winres writes what the Windows build takes from FyneApp.toml: the icon
// (policycredit.ico, from Icon.png), a resource script (policycredit.rc: icon, version
// information and the manifest) that windres turns into a .syso for `go build`, and the
// installer's defines (version.nsh). `make windows` runs it; its output is generated, not
// committed.
//
//	winres FyneApp.toml OUTDIR
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/image/draw"
)

type fyneApp struct {
	Website string
	Details struct {
		Icon, Name, ID, Version string
		Build                   int
	}
	LinuxAndBSD struct{ Comment string }
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: winres FyneApp.toml OUTDIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "winres:", err)
		os.Exit(1)
	}
}

func run(tomlPath, out string) error {
	var meta fyneApp
	if _, err := toml.DecodeFile(tomlPath, &meta); err != nil {
		return err
	}
	d := meta.Details
	if d.Name == "" || d.ID == "" || d.Version == "" || d.Icon == "" {
		return fmt.Errorf("%s: Details needs Icon, Name, ID and Version", tomlPath)
	}
	// Windows versions have four numbers: the three of Version, then Build.
	nums := strings.Split(d.Version, ".")
	if len(nums) != 3 {
		return fmt.Errorf("%s: Version %q is not MAJOR.MINOR.PATCH", tomlPath, d.Version)
	}
	for _, n := range nums {
		if v, err := strconv.Atoi(n); err != nil || v < 0 || v > 65535 {
			return fmt.Errorf("%s: Version %q is not MAJOR.MINOR.PATCH", tomlPath, d.Version)
		}
	}
	quad := strings.Join(append(nums, strconv.Itoa(d.Build)), ".")
	// The icon path is relative to cmd/policycredit, where FyneApp.toml's link lives.
	iconPNG, err := os.ReadFile(filepath.Join(filepath.Dir(tomlPath), "cmd", "policycredit", d.Icon))
	if err != nil {
		return err
	}
	ico, err := icon(iconPNG)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{
		"policycredit.ico": ico,
		"policycredit.rc":  []byte(resourceScript(meta, quad)),
		"manifest.xml":     []byte(manifest(d.ID, quad)),
		"version.nsh": []byte(fmt.Sprintf("!define APP_NAME %q\n!define APP_VERSION %q\n!define APP_VERSION4 %q\n!define APP_URL %q\n",
			d.Name, d.Version, quad, meta.Website)),
	}
	for name, b := range files {
		// An unchanged file keeps its time, so that make does not rebuild the installer.
		path := filepath.Join(out, name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// icon makes a Windows icon of the sizes Explorer, the taskbar and the Start menu ask for, each
// stored as PNG (which Windows reads in icons since Vista).
func icon(src []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	sizes := []int{16, 24, 32, 48, 64, 128, 256}
	var images [][]byte
	for _, s := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, s, s))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
		var b bytes.Buffer
		if err := png.Encode(&b, dst); err != nil {
			return nil, err
		}
		images = append(images, b.Bytes())
	}
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	le([3]uint16{0, 1, uint16(len(sizes))}) // reserved, type 1 (icon), count
	offset := 6 + 16*len(sizes)
	for i, s := range sizes {
		wh := uint8(s % 256) // 0 means 256
		le([4]uint8{wh, wh, 0, 0})
		le([2]uint16{1, 32}) // planes, bits per pixel
		le([2]uint32{uint32(len(images[i])), uint32(offset)})
		offset += len(images[i])
	}
	for _, im := range images {
		b.Write(im)
	}
	return b.Bytes(), nil
}

// rcString quotes s for a resource script, which reads UTF-8 with `#pragma code_page(65001)`.
func rcString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func resourceScript(meta fyneApp, quad string) string {
	d := meta.Details
	commas := strings.ReplaceAll(quad, ".", ",")
	var b strings.Builder
	b.WriteString("#pragma code_page(65001)\n")
	b.WriteString("1 ICON \"policycredit.ico\"\n")
	b.WriteString("1 24 \"manifest.xml\"\n") // RT_MANIFEST, CREATEPROCESS_MANIFEST_RESOURCE_ID
	fmt.Fprintf(&b, "1 VERSIONINFO\nFILEVERSION %s\nPRODUCTVERSION %s\nFILEOS 0x40004\nFILETYPE 0x1\nBEGIN\n", commas, commas)
	b.WriteString(" BLOCK \"StringFileInfo\"\n BEGIN\n  BLOCK \"040904B0\"\n  BEGIN\n")
	for _, kv := range [][2]string{
		{"CompanyName", d.Name},
		{"FileDescription", d.Name},
		{"FileVersion", quad},
		{"InternalName", "policycredit"},
		{"OriginalFilename", "policycredit.exe"},
		{"ProductName", d.Name},
		{"ProductVersion", d.Version},
		{"Comments", meta.LinuxAndBSD.Comment},
	} {
		fmt.Fprintf(&b, "   VALUE %s, %s\n", rcString(kv[0]), rcString(kv[1]))
	}
	b.WriteString("  END\n END\n BLOCK \"VarFileInfo\"\n BEGIN\n  VALUE \"Translation\", 0x409, 1200\n END\nEND\n")
	return b.String()
}

// manifest declares Windows 10/11, paths longer than 260 characters, UTF-8 as the process's
// code page (so that C code in SQLite and the GL driver that uses the "A" calls keeps
// Vietnamese letters in paths), and that the program runs without asking for administrator
// rights.
func manifest(id, quad string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="` + id + `" version="` + quad + `" processorArchitecture="amd64"/>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
    </application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <longPathAware xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">true</longPathAware>
      <activeCodePage xmlns="http://schemas.microsoft.com/SMI/2019/WindowsSettings">UTF-8</activeCodePage>
    </windowsSettings>
  </application>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security>
      <requestedPrivileges>
        <requestedExecutionLevel level="asInvoker" uiAccess="false"/>
      </requestedPrivileges>
    </security>
  </trustInfo>
</assembly>
`
}
