package ssd

// This file: reading the SSD's values: dates and date-times, yes-or-no
// flags, and the flags of an outcome written as JSON.

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/timescale"
)

const wantTime = "write a date, 2024-03-04, or a date and time, 2024-03-04 10:30 or 2024-03-04T10:30:00"

// parseTime reads a date or a date-time as SSD exports write them: a date,
// 2024-03-04, is midnight in London with dateOnly set; a date-time,
// 2024-03-04 10:30:00.000 or 2024-03-04T10:30, is that clock time in
// London (timescale.ParseTime also reads a Z or an offset). A date-time at
// exactly midnight is read as its date: the SSD's datetime columns write
// dates that way.
func parseTime(s string) (t time.Time, dateOnly bool, err error) {
	if !timescale.LooksLikeTime(s) {
		return time.Time{}, false, fmt.Errorf("cannot read %q as a date or a date and time; %s", s, wantTime)
	}
	t, dateOnly, err = timescale.ParseTime(s)
	if err != nil {
		// Keep ParseTime's reason ("February 2024 has 29 days"), not its
		// advice, which is for case files.
		msg, _, _ := strings.Cut(err.Error(), "; write")
		return time.Time{}, false, fmt.Errorf("%s; %s", msg, wantTime)
	}
	if !dateOnly && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return calendar.Date(t), true, nil
	}
	return t, dateOnly, nil
}

// parseBool reads a yes-or-no flag: Y or N, Yes or No, true or false, 1 or
// 0, in any case.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "y", "yes", "true", "1":
		return true, nil
	case "n", "no", "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("cannot read %q as yes or no; write Y or N, Yes or No, true or false, or 1 or 0", s)
}

// jsonFlag reads the flag key of an outcome written as a JSON object
// ({"NFA_FLAG": "N", "CP_CONFERENCE_FLAG": "Y"}): ok is false when the
// object does not have it, or has it empty or null. The key is matched
// exactly, or else in any case; the flag may be a string parseBool reads,
// a JSON true or false, or 1 or 0.
func jsonFlag(s, key string) (v, ok bool, err error) {
	var obj map[string]any
	if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
		what := "not a JSON object"
		if err != nil {
			what = err.Error()
		}
		return false, false, fmt.Errorf("cannot read the outcome as a JSON object ({%q: \"Y\", ...}): %s", key, what)
	}
	val, found := obj[key]
	if !found {
		for k, kv := range obj {
			if strings.EqualFold(k, key) {
				val, found = kv, true
				break
			}
		}
	}
	if !found || val == nil {
		return false, false, nil
	}
	switch x := val.(type) {
	case bool:
		return x, true, nil
	case float64:
		switch x {
		case 1:
			return true, true, nil
		case 0:
			return false, true, nil
		}
	case string:
		x = strings.TrimSpace(x)
		if x == "" || strings.EqualFold(x, "null") {
			return false, false, nil
		}
		b, err := parseBool(x)
		if err != nil {
			return false, false, fmt.Errorf("%s: %w", key, err)
		}
		return b, true, nil
	}
	return false, false, fmt.Errorf("%s: cannot read %s as yes or no; write \"Y\" or \"N\"", key, describeJSON(val))
}

func describeJSON(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case float64:
		return fmt.Sprint(x)
	}
	return fmt.Sprint(v)
}
