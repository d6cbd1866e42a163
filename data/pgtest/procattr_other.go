//go:build !linux

package pgtest

import "syscall"

// serverProcAttr is nothing special where the kernel cannot signal a child when its parent
// dies: the server is then bounded by timeout(1) alone. (PostgreSQL's throw-away server is a
// Linux CI affair; this keeps the package building elsewhere.)
func serverProcAttr() *syscall.SysProcAttr { return nil }
