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
