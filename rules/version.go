package rules

// This file: the version of the library, for reports to carry.

import (
	"runtime/debug"
	"sync"
)

// modulePath is this library's module.
const modulePath = "github.com/safeguarding/timescales"

// Version returns the module and version of this library that is running,
// as Go's build information gives them: "github.com/safeguarding/timescales@v1.2.0"
// in a program that requires a release, or "@devel" followed by
// "+" and the commit (and "+dirty" for changed files) when built from a
// checkout, as by go run or go build in the repository. Every report
// carries it (Report.Library).
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return modulePath + "@devel"
	}
	v := ""
	if info.Main.Path == modulePath {
		v = info.Main.Version
	}
	for _, d := range info.Deps {
		if d.Path == modulePath {
			v = d.Version
			if d.Replace != nil {
				v = d.Replace.Version
			}
		}
	}
	if v != "" && v != "(devel)" {
		return modulePath + "@" + v
	}
	v, dirty := "devel", false
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision" && len(s.Value) >= 12:
			v += "+" + s.Value[:12]
		case s.Key == "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty {
		v += "+dirty"
	}
	return modulePath + "@" + v
})
