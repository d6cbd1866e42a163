package ui

// Under test, UI updates of background jobs run in App.Wait on the test's goroutine.
func init() { queueUI = true }
