package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"policycredit/data"
	"policycredit/data/sqlite"
	"policycredit/reports"
	"policycredit/translations"
)

// ageHeader begins every file age writes; restore recognises an encrypted backup by it.
const ageHeader = "age-encryption.org/v1"

func cmdBackup(g globals, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fs.String("to", "", "backup file (default: a dated file in the backups folder)")
	encrypt := fs.Bool("encrypt", false, "encrypt the backup with a passphrase (age), for carrying it off-site")
	if _, err := parseCommand(g, "backup", fs, args, 0); err != nil {
		return err
	}
	return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
		// The store's backup reads the whole file without a permission of its own: the
		// command checks the role before copying anything.
		if role := sessionRole(ctx); role != "" && !data.MayDo(role, data.ActBackup) {
			return data.Forbidden("permission", "denied", "Role", string(role), "Action", string(data.ActBackup))
		}
		dest := *to
		if dest == "" {
			dest = filepath.Join(backupDir(g.db), sqlite.BackupName(time.Now()))
		}
		if *encrypt && !strings.HasSuffix(dest, ".age") {
			dest += ".age"
		}
		if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
			return outputError(filepath.Dir(dest), err)
		}
		// Never the office or its companions, a folder or a device.
		if err := reports.CheckOutput(dest, reports.Protected{Files: []string{g.db}}); err != nil {
			return err
		}
		if *encrypt {
			pass, err := readSecret(g, loc, envPassphrase, loc.T("cli.prompt_passphrase_new"), true)
			if err != nil {
				return err
			}
			if err := encryptedBackup(ctx, s, dest, pass); err != nil {
				return err
			}
		} else {
			if err := s.Backup(ctx, dest); err != nil {
				return outputError(dest, err)
			}
			// The backup holds every household's data: readable by the OS user only.
			if err := os.Chmod(dest, 0o600); err != nil {
				return err
			}
		}
		if abs, err := filepath.Abs(dest); err == nil {
			dest = abs
		}
		if err := s.RecordBackup(ctx, dest); err != nil {
			return err
		}
		fmt.Fprintln(out, loc.T("cli.backup_done", "File", dest))
		return nil
	})
}

// encryptedBackup backs the office up into a 0600 temporary file beside dest, then writes it
// to dest encrypted to the passphrase (age's scrypt recipient); the clear copy is removed.
func encryptedBackup(ctx context.Context, s officeStore, dest, pass string) error {
	plain := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".plain")
	defer os.Remove(plain)
	defer os.Remove(plain + ".verified") // the store's note of the verified copy
	if err := s.Backup(ctx, plain); err != nil {
		return err
	}
	if err := os.Chmod(plain, 0o600); err != nil {
		return err
	}
	r, err := age.NewScryptRecipient(pass)
	if err != nil {
		return err
	}
	in, err := os.Open(plain)
	if err != nil {
		return err
	}
	defer in.Close()
	// A backup goes to the backups folder, so only the office itself is protected here.
	return reports.WriteFile(dest, reports.Protected{Files: []string{s.Path()}}, func(w io.Writer) error {
		enc, err := age.Encrypt(w, r)
		if err != nil {
			return err
		}
		if _, err := io.Copy(enc, in); err != nil {
			return err
		}
		return enc.Close()
	})
}

// isEncrypted says whether the file begins with age's header.
func isEncrypted(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(ageHeader))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == ageHeader
}

func cmdRestore(g globals, args []string, out io.Writer) error {
	files, err := parseCommand(g, "restore", flag.NewFlagSet("restore", flag.ContinueOnError), args, 1)
	if err != nil {
		return err
	}
	file := files[0]
	// A folder or a device is refused before anything reads it (/dev/zero would never end);
	// a missing file is named by the backup checks, as "Backup file".
	if fi, err := os.Stat(file); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return data.Invalid("backup.file", "is_folder", "Path", file)
		}
		return data.Invalid("backup.file", "not_regular", "Path", file)
	}
	if _, err := os.Stat(g.db); err == nil {
		s, _, err := g.open()
		if err != nil {
			return err
		}
		has, err := s.HasUsers(context.Background())
		if err != nil {
			return err
		}
		if has {
			// An office with users is replaced only once a director approves: the
			// administrator's restore is a request naming the file and its SHA-256.
			return withStore(g, func(ctx context.Context, s officeStore, loc *translations.Localizer) error {
				if !isEncrypted(file) { // an encrypted file is checked once decrypted
					if err := sqlite.CheckBackupFile(ctx, g.db, file); err != nil {
						return err
					}
				}
				sum, err := fileSHA256(file)
				if err != nil {
					return err
				}
				abs, err := filepath.Abs(file)
				if err != nil {
					return err
				}
				return s.RequestRestore(ctx, abs, sum)
			})
		}
	}
	return restoreFile(g, translations.New(g.langOr("vi")), file, out)
}

// restoreFile replaces the office with the backup file (decrypted first when it is an age
// file), setting the current file aside.
func restoreFile(g globals, loc *translations.Localizer, file string, out io.Writer) error {
	from := file
	if isEncrypted(file) {
		pass, err := readSecret(g, loc, envPassphrase, loc.T("cli.prompt_passphrase"), false)
		if err != nil {
			return err
		}
		plain, err := decryptBeside(g.db, file, pass, loc)
		if err != nil {
			return err
		}
		defer os.Remove(plain)
		from = plain
	}
	g.conn.close() // the file is about to be replaced
	aside, err := sqlite.Restore(context.Background(), g.db, from)
	if err != nil {
		return err
	}
	if data.IsPostgresAddress(g.db) { // restored into an empty database: nothing was set aside
		fmt.Fprintln(out, loc.T("pgmaint.restore_done", "File", file, "Target", describeDB(loc, g.db)))
		return nil
	}
	fmt.Fprintln(out, loc.T("cli.restore_done", "File", file, "Aside", aside))
	return nil
}

// decryptBeside decrypts an age file into a 0600 temporary file beside the database (the same
// disk, readable by the OS user only) and returns its name; the caller removes it.
func decryptBeside(db, file, pass string, loc *translations.Localizer) (string, error) {
	in, err := os.Open(file)
	if err != nil {
		return "", data.NotFound("backup.file", "Path", file)
	}
	defer in.Close()
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		return "", err
	}
	r, err := age.Decrypt(bufio.NewReader(in), id)
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) {
		return "", failure{loc.T("cli.wrong_passphrase", "File", file)}
	} else if err != nil {
		return "", data.Invalid("backup.file", "not_a_backup")
	}
	dir := filepath.Dir(db)
	if data.IsPostgresAddress(db) {
		dir = dataDir() // an office on a server has no folder of its own
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, ".policycredit-restore-*")
	if err != nil {
		return "", err
	}
	if err := tmp.Chmod(0o600); err == nil {
		_, err = io.Copy(tmp, r)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
	} else {
		tmp.Close()
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", data.Invalid("backup.file", "not_a_backup")
	}
	return tmp.Name(), nil
}
