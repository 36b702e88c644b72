package cli

import (
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress is a bar on stderr for work that can take a while on a long
// file. It draws only when Env.Progress is on (stderr is a terminal), so
// pipes, logs and tests see nothing.
func (a *app) progress(total int64, what string, bytes bool) *progressbar.ProgressBar {
	return progressbar.NewOptions64(total,
		progressbar.OptionSetVisibility(a.env.Progress),
		progressbar.OptionSetWriter(a.env.Stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(bytes),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}
