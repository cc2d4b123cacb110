package calendar

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeguarding/timescales/internal/bound"
)

// Issue 16, items 3 and 11: a feed is read no further than MaxFeedSize,
// so a feed that never ends (white space after its object, or a string
// that does not close) is an error, in bounded time and memory; and
// anything but white space after the object is an error too
// (TestGovUKFeedRejectsTrailingData has the cases of that).
func TestHostileEndlessFeed(t *testing.T) {
	lim := bound.Limits{Time: 5 * time.Second, Heap: 64 << 20}
	for name, feed := range map[string]io.Reader{
		"white space for ever": io.MultiReader(strings.NewReader(`{"england-and-wales":{"events":[]}}`), bound.Endless(" ")),
		"a string for ever":    io.MultiReader(strings.NewReader(`{"england-and-wales":{"events":[{"title":"`), bound.Endless(" ")),
	} {
		var err error
		bound.Run(t, lim, func() { _, err = New(EnglandAndWales, WithGovUKFeed(feed)) })
		var fe *FeedError
		require.True(t, errors.As(err, &fe), "%s: %v", name, err)
		assert.EqualError(t, err, fmt.Sprintf("calendar: GOV.UK bank holidays feed: larger than %d MiB, more than any real feed (MaxFeedSize)", MaxFeedSize>>20), name)
	}
	_, err := New(EnglandAndWales, WithGovUKFeed(strings.NewReader(`{"england-and-wales":{"events":[]}} junk`)))
	assert.ErrorContains(t, err, `"junk" follows the first JSON value`)
}
