package calendar

// This file: reading GOV.UK's bank-holidays.json.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// WithGovUKFeed reads bank holidays in the format GOV.UK publishes at
// https://www.gov.uk/bank-holidays.json: an object with one division per
// region ("england-and-wales", "scotland", "northern-ireland"), each with
// events of a title, a date (YYYY-MM-DD) and notes ("Substitute day").
//
// For every year in which the feed lists at least one event for the
// calendar's region, the feed's list replaces the computed one, so a newly
// announced one-off holiday is honoured. Years the feed does not mention keep
// the computed holidays. A feed that cannot be read, has anything but white
// space after its JSON object, lacks the region's division or has an event
// without a title or with a bad date makes New fail with an error that says
// where, and so does one larger than MaxFeedSize.
func WithGovUKFeed(r io.Reader) Option {
	return func(o *options) error {
		f, err := readFeed(r)
		if err != nil {
			return err
		}
		o.feed = f
		return nil
	}
}

// MaxFeedSize bounds how much of a feed WithGovUKFeed reads: 4 MiB. The
// real feed is about 20 KB; a stream that goes on past the bound (white
// space without end, a string that never closes) is an error rather than a
// read that never ends.
const MaxFeedSize = 4 << 20

type feedEvent struct {
	Title string `json:"title"`
	Date  string `json:"date"`
	Notes string `json:"notes"`
}

type feedDivision struct {
	Division string      `json:"division"`
	Events   []feedEvent `json:"events"`
}

type feed struct {
	divisions map[Region]map[int][]Holiday
}

// FeedError reports a malformed GOV.UK bank-holidays feed.
type FeedError struct {
	Division string // the division, when the fault is inside one
	Event    int    // the event's index in its division, from 0; -1 when not about an event
	Err      error
}

// Error returns the fault, after the division and event it is in.
func (e *FeedError) Error() string {
	var b strings.Builder
	b.WriteString("calendar: GOV.UK bank holidays feed")
	if e.Division != "" {
		fmt.Fprintf(&b, ": division %q", e.Division)
	}
	if e.Event >= 0 {
		fmt.Fprintf(&b, ": event %d", e.Event)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns Err.
func (e *FeedError) Unwrap() error { return e.Err }

func readFeed(r io.Reader) (*feed, error) {
	if r == nil {
		return nil, &FeedError{Event: -1, Err: errors.New("no reader")}
	}
	var raw map[string]feedDivision
	limited := &limitedReader{r: r, left: MaxFeedSize}
	r = limited
	dec := json.NewDecoder(r)
	if err := dec.Decode(&raw); err != nil {
		if se, ok := err.(*json.SyntaxError); ok {
			err = fmt.Errorf("not valid JSON at byte %d: %v", se.Offset, se)
		} else if te, ok := err.(*json.UnmarshalTypeError); ok {
			err = fmt.Errorf("at byte %d: %q should be %s, not a JSON %s", te.Offset, te.Field, te.Type, te.Value)
		} else if err == io.EOF {
			err = errors.New("empty")
		} else if err == io.ErrUnexpectedEOF {
			err = errors.New("not valid JSON: it ends too early")
		}
		if limited.over {
			err = errTooLarge
		}
		return nil, &FeedError{Event: -1, Err: err}
	}
	if err := nothingAfter(dec, r); err != nil || limited.over {
		if limited.over {
			err = errTooLarge
		}
		return nil, &FeedError{Event: -1, Err: err}
	}
	if raw == nil {
		return nil, &FeedError{Event: -1, Err: errors.New("is null, want an object of divisions")}
	}
	f := &feed{divisions: make(map[Region]map[int][]Holiday)}
	for key, div := range raw {
		r := Region(key)
		if !r.Valid() {
			return nil, &FeedError{Event: -1, Err: fmt.Errorf("unknown division %q (want %s)", key, regionChoices)}
		}
		if div.Division != "" && div.Division != key {
			return nil, &FeedError{Division: key, Event: -1, Err: fmt.Errorf("names itself %q", div.Division)}
		}
		years := make(map[int][]Holiday)
		seen := make(map[time.Time]bool)
		for i, ev := range div.Events {
			if strings.TrimSpace(ev.Title) == "" {
				return nil, &FeedError{Division: key, Event: i, Err: errors.New("has no title")}
			}
			d, err := time.Parse(time.DateOnly, ev.Date)
			if err != nil {
				return nil, &FeedError{Division: key, Event: i, Err: fmt.Errorf("date %q is not a date of the form YYYY-MM-DD", ev.Date)}
			}
			if seen[d] {
				continue
			}
			seen[d] = true
			years[d.Year()] = append(years[d.Year()], Holiday{
				Date:       d,
				Name:       ev.Title,
				Substitute: strings.Contains(strings.ToLower(ev.Notes), "substitute"),
			})
		}
		for _, hs := range years {
			sortHolidays(hs)
		}
		f.divisions[r] = years
	}
	return f, nil
}

var errTooLarge = fmt.Errorf("larger than %d MiB, more than any real feed (MaxFeedSize)", MaxFeedSize>>20)

// limitedReader reads at most left bytes of r, then ends as if r did,
// noting that there was more.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

// Read implements io.Reader.
func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a stream that ends here from a longer one.
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			l.over = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// division returns the feed's holidays for r by year, as fresh slices.
func (f *feed) division(r Region) (map[int][]Holiday, error) {
	years, ok := f.divisions[r]
	if !ok {
		return nil, &FeedError{Event: -1, Err: fmt.Errorf("has no %q division", string(r))}
	}
	out := make(map[int][]Holiday, len(years))
	for y, hs := range years {
		out[y] = append([]Holiday(nil), hs...)
	}
	return out, nil
}

// nothingAfter checks that only JSON white space follows the value dec has
// decoded from r, and otherwise says what follows and where: a decoder
// stops after one value, so "{...} garbage" would pass unnoticed.
func nothingAfter(dec *json.Decoder, r io.Reader) error {
	rest := bufio.NewReader(io.MultiReader(dec.Buffered(), r))
	at := dec.InputOffset()
	for {
		c, err := rest.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("cannot read on after the JSON value: %w", err)
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			at++
			continue
		}
		// Show what follows, up to the end of its line or 20 bytes,
		// without cutting a character in two.
		rest.UnreadByte()
		peek, _ := rest.Peek(21)
		if k := bytes.IndexAny(peek, "\r\n"); k >= 0 {
			peek = peek[:k]
		}
		more := ""
		if n := 20; len(peek) > n {
			for n > 0 && !utf8.RuneStart(peek[n]) {
				n--
			}
			peek, more = peek[:n], "..."
		}
		return fmt.Errorf("not valid JSON after byte %d: %q%s follows the first JSON value; want one object and nothing after it", at, string(peek), more)
	}
}
