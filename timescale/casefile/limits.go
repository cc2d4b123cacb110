package casefile

// This file: how much of a stream is read as one case, and the options
// that change it.

import (
	"errors"
	"fmt"
	"io"

	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/timescale"
)

// MaxFileSize is the default bound on a case file (Read, ReadFrom): 64 MiB.
// A case larger than that is refused before it is parsed, so that reading
// one cannot take memory without bound (yaml.v3 holds about ten times a
// file's size while it parses it). WithMaxFileSize changes it.
const MaxFileSize = 64 << 20

// Option changes a limit of reading cases.
type Option func(*limits)

type limits struct {
	maxFile int64
	maxLine int
}

func options(opts []Option) limits {
	l := limits{maxFile: MaxFileSize, maxLine: MaxLineSize}
	for _, o := range opts {
		o(&l)
	}
	return l
}

// WithMaxFileSize sets the most bytes a case file may be, for Read and
// ReadFrom (MaxFileSize by default). A value below 1 means no case.
func WithMaxFileSize(n int64) Option { return func(l *limits) { l.maxFile = n } }

// WithMaxLineSize sets the most bytes a line of JSON Lines may be, without
// its line ending, for ReadLines (MaxLineSize by default). A value below 1
// means no case.
func WithMaxLineSize(n int) Option { return func(l *limits) { l.maxLine = n } }

// ReadFrom reads one case from a stream, as Read does, reading no more
// than the limit of a case file (MaxFileSize, or WithMaxFileSize's): a
// longer stream (standard input fed from /dev/zero, or yes) is an error
// that says so, found with at most that much in memory.
func ReadFrom(name string, r io.Reader, opts ...Option) (*timescale.Case, error) {
	o := options(opts)
	data, err := yamlsrc.ReadAll(r, o.maxFile)
	var tl *yamlsrc.TooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, tooLarge(name, o.maxFile)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Read(name, data, opts...)
}

func tooLarge(name string, limit int64) ErrorList {
	return ErrorList{{File: name, Msg: fmt.Sprintf("the case file is larger than %s, the most a case file may be (casefile.WithMaxFileSize changes it)", yamlsrc.Size(limit))}}
}
