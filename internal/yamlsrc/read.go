package yamlsrc

// This file: reading a file's bytes within a limit, before they are
// decoded.

import (
	"errors"
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
// holds in memory is bounded whatever it is given. It reads in chunks and
// joins them once at the end, so it holds at most about twice what it
// returns (io.ReadAll, growing one buffer, holds up to three times), and
// only the chunks when the stream is too long.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	var chunks [][]byte
	var total int64
	size := int64(32 << 10)
	for {
		chunk := make([]byte, min(size, limit+1-total))
		n, err := io.ReadFull(r, chunk)
		chunks = append(chunks, chunk[:n])
		total += int64(n)
		if total > limit {
			return nil, &TooLargeError{Limit: limit}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		size = min(2*size, 8<<20)
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
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
