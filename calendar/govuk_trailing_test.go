package calendar

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A feed is one JSON value: whatever else follows it is an error that says
// what and where (counting bytes from 0), not silently ignored.
func TestGovUKFeedRejectsTrailingData(t *testing.T) {
	const prefix = "calendar: GOV.UK bank holidays feed: not valid JSON after byte "
	const suffix = " follows the first JSON value; want one object and nothing after it"
	tests := []struct {
		name, feed, want string
	}{
		{"a word", `{} garbage`, `3: "garbage"`},
		{"a second object", `{}{}`, `2: "{}"`},
		{"to the end of the line", "{}\n\n  {\"scotland\": 1}\nmore", `6: "{\"scotland\": 1}"`},
		{"at most 20 bytes", "{} " + strings.Repeat("x", 30), `3: "xxxxxxxxxxxxxxxxxxxx"...`},
		// "é" is two bytes, the 20th and 21st: it is left out whole.
		{"not cutting a character", "{} " + strings.Repeat("a", 19) + "é and more", `3: "aaaaaaaaaaaaaaaaaaa"...`},
		{"before null is looked at", `null x`, `5: "x"`},
		{"after a division", `{"england-and-wales":{"events":[]}} ,`, `36: ","`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(EnglandAndWales, WithGovUKFeed(strings.NewReader(tt.feed)))
			assert.EqualError(t, err, prefix+tt.want+suffix)
			var fe *FeedError
			assert.True(t, errors.As(err, &fe))
		})
	}

	// The real feed, read a byte at a time so that what follows is not yet
	// in the decoder's buffer.
	sample, err := os.ReadFile("testdata/bank-holidays-sample.json")
	require.NoError(t, err)
	feed := strings.TrimRight(string(sample), " \t\r\n")
	_, err = New(EnglandAndWales, WithGovUKFeed(iotest.OneByteReader(strings.NewReader(feed+"\n]"))))
	assert.EqualError(t, err, prefix+strconv.Itoa(len(feed)+1)+`: "]"`+suffix)

	// White space after the value is fine.
	_, err = New(EnglandAndWales, WithGovUKFeed(iotest.OneByteReader(strings.NewReader(feed+"\n\t \r\n"))))
	assert.NoError(t, err)

	// A reader that fails after the value.
	failing := io.MultiReader(strings.NewReader(`{"england-and-wales":{"events":[]}} `), iotest.ErrReader(errors.New("connection reset")))
	_, err = New(EnglandAndWales, WithGovUKFeed(failing))
	assert.EqualError(t, err, "calendar: GOV.UK bank holidays feed: cannot read on after the JSON value: connection reset")
}
