package ui

// What a form or the move dialog shows as refusals, for the tests to read.

// errorText is the message currently shown under field id ("" when none).
func (f *form) errorText(id string) string {
	if ff, ok := f.byID[id]; ok {
		return ff.msg.Text
	}
	return ""
}

// errorText is every refusal the dialog shows.
func (d *moveDialog) errorText() string {
	text := ""
	for _, f := range d.form.fields {
		if f.msg.Text != "" {
			text += f.msg.Text + "\n"
		}
	}
	if d.msg.Visible() {
		text += d.msg.Text
	}
	return text
}
