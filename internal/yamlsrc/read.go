package yamlsrc

// This file: reading a file's bytes within a limit, before they are
// decoded.

import (
	"io"
	"strconv"
)

// TooLargeError is a stream longer than the limit it was read with.
type TooLargeError struct {
	// Limit is the most that was to be read, in bytes.
	Limit int64
}

// Error says the limit: "more than 1048576 bytes".
func (e *TooLargeError) Error() string {
	return "more than " + strconv.FormatInt(e.Limit, 10) + " bytes"
}

// ReadAll reads r to its end, but no more than limit bytes: a stream longer
// than that (standard input fed from /dev/zero, say) fails with a
// *TooLargeError once limit+1 bytes have been read, so that what a reader
// holds in memory is bounded whatever it is given.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Limit: limit}
	}
	return data, nil
}

// Size says a number of bytes as limits are given: "16 MiB", "512 KiB",
// "1000 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
