package pgtest

import "syscall"

// serverProcAttr puts the server in its own process group and has the kernel send it SIGINT
// when the thread that started it ends (Start keeps that thread for the server's life).
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGINT}
}
