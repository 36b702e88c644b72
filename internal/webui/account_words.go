package webui

import (
	"regexp"
	"strings"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
)

// AccountRefusal is why the accounts store refused a name, role or
// password (an accounts.ErrInvalid), in the reader's language. The store
// says it in English (hcctl shows its words as they are), so each of its
// messages is recognised here and said again; one not known is shown as
// it is.
func AccountRefusal(tr *i18n.Translator, err error) string {
	msg := strings.TrimPrefix(err.Error(), accounts.ErrInvalid.Error()+": ")
	if m := invalidName.FindStringSubmatch(msg); m != nil {
		return tr.T("name {{.Name}}: use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", "Name", m[1])
	}
	if m := invalidRole.FindStringSubmatch(msg); m != nil {
		return tr.T("role {{.Role}}: want one of {{.Roles}}", "Role", m[1], "Roles", m[2])
	}
	if m := shortPassword.FindStringSubmatch(msg); m != nil {
		return tr.T("the password must have at least {{.Count}} characters", "Count", m[1])
	}
	if msg == "the password is longer than 1024 bytes" {
		return tr.T(msg)
	}
	return msg
}

// The accounts store's refusals (accounts.CheckName, CheckPassword and
// the role check), with what each names.
var (
	invalidName   = regexp.MustCompile(`^name ("(?:[^"\\]|\\.)*"): use 1 to 64 lower-case letters, digits, '\.', '_' or '-', starting with a letter or digit$`)
	invalidRole   = regexp.MustCompile(`^role ("(?:[^"\\]|\\.)*"): want one of (\[.*\])$`)
	shortPassword = regexp.MustCompile(`^the password must have at least (\d+) characters$`)
)
