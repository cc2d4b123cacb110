// Package policies holds the shipped policy files: the national baselines
// and the authorities whose guidance the project encodes. Each is embedded
// in the binary and compiled on first use.
//
// A policy file outside the package loads with LoadFile, and may extend a
// shipped one:
//
//	policy: my-council
//	title: My Council
//	extends: england
//	calendar: {region: england-and-wales, closures: [2024-12-27]}
//
// or another policy file, named by its path from the file that extends it:
//
//	policy: my-district
//	title: My District
//	extends: ./my-council.yaml
package policies

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/safeguarding/timescales/internal/yamlsrc"
	"github.com/safeguarding/timescales/rules"
)

//go:embed *.yaml
var files embed.FS

// Names returns the ids of the shipped policies, sorted.
func Names() []string {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	sort.Strings(names)
	return names
}

// Source returns a shipped policy's file name and YAML. It is the
// rules.Loader that resolves extends: to the shipped policies.
func Source(name string) (filename string, src []byte, err error) {
	filename = "policies/" + name + ".yaml"
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return filename, nil, unknown(name)
	}
	src, err = files.ReadFile(name + ".yaml")
	if err != nil {
		return filename, nil, unknown(name)
	}
	return filename, src, nil
}

func unknown(name string) error {
	return fmt.Errorf("unknown policy %q; the shipped policies are %s", name, strings.Join(Names(), ", "))
}

var compiled sync.Map // name -> *rules.Policy

// Load returns the compiled shipped policy with the given id ("england",
// "bexley"). A policy is compiled once and shared: a *rules.Policy is safe
// for concurrent use.
func Load(name string) (*rules.Policy, error) {
	if p, ok := compiled.Load(name); ok {
		return p.(*rules.Policy), nil
	}
	filename, src, err := Source(name)
	if err != nil {
		return nil, err
	}
	p, err := rules.Compile(src, rules.WithFilename(filename), rules.WithLoader(Source))
	if err != nil {
		return nil, err
	}
	actual, _ := compiled.LoadOrStore(name, p)
	return actual.(*rules.Policy), nil
}

// LoadFile compiles a policy file from disk. It may extend a shipped
// policy, or a policy file beside it (extends: ./county.yaml), which may
// itself extend another; errors name the file they are in. No more of a
// file is read than a policy file may be (rules.MaxPolicySize, or the limit
// rules.WithMaxSize gives among opts), so a path such as /dev/zero is an
// error, not a hang. opts are passed to rules.Compile after the file name
// and the loader (FileSource).
func LoadFile(filename string, opts ...rules.Option) (*rules.Policy, error) {
	f, err := os.Open(filename)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return rules.CompileReader(f, append([]rules.Option{rules.WithFilename(filename), rules.WithLoader(FileSource)}, opts...)...)
}

// FileSource is the rules.Loader of LoadFile: a policy file's path (as
// rules gives it for an extends: that names a file, rules.IsPolicyFile)
// is read from disk, and any other name is a shipped policy, as Source
// finds it. It reads no more of a file than rules.MaxPolicySize and a byte,
// so that an endless file is an error.
func FileSource(name string) (filename string, src []byte, err error) {
	if !rules.IsPolicyFile(name) {
		return Source(name)
	}
	f, err := os.Open(name)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return name, nil, errors.New("no such file")
	case err != nil:
		return name, nil, err
	}
	defer f.Close()
	src, err = yamlsrc.ReadAll(f, rules.MaxPolicySize)
	var tooLarge *yamlsrc.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return name, nil, fmt.Errorf("larger than %d bytes, the most a policy file may be", rules.MaxPolicySize)
	case err != nil:
		return name, nil, err
	}
	return name, src, nil
}

// LoadAny loads a shipped policy by id, or a policy file (with opts, as
// LoadFile does) when nameOrFile names a YAML file.
func LoadAny(nameOrFile string, opts ...rules.Option) (*rules.Policy, error) {
	if rules.IsPolicyFile(nameOrFile) {
		return LoadFile(nameOrFile, opts...)
	}
	return Load(nameOrFile)
}
