package rules

// This file: the second stage of compiling, folding a policy file into the
// policies it extends. Its input and output are both located syntax.

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/safeguarding/timescales/internal/yamlsrc"
)

// folded is a policy with its parents' definitions folded in.
type folded struct {
	*syntaxPolicy
	parentID string
}

// MaxExtends bounds how many policies deep extends: may go: a policy, its
// parent, the parent's parent and so on, MaxExtends parents at most. It
// stops a loader that makes up a new parent each time it is asked.
const MaxExtends = 16

// link is one policy of a chain of extends:: its id, its file name, and the
// name it was loaded by (its id, for the first, which was not loaded).
type link struct{ id, file, loadedAs string }

// IsPolicyFile reports whether an extends: value names a policy file (a
// path: "./county.yaml", "../shared/county.yaml", "county.yaml") rather
// than a policy by id ("england"). A policy id has no "/" and no ".".
func IsPolicyFile(extends string) bool {
	ext := filepath.Ext(extends)
	return strings.ContainsAny(extends, `/\`) || ext == ".yaml" || ext == ".yml"
}

// besideFile returns the path of a policy file named in extends: by a
// file called name: relative to name's directory, with a directory always
// in it ("./county.yaml") so that a Loader can tell it from an id.
func besideFile(name, extends string) string {
	if filepath.IsAbs(extends) {
		return filepath.Clean(extends)
	}
	p := filepath.Join(filepath.Dir(name), extends)
	if !strings.ContainsAny(p, `/\`) {
		p = "." + string(filepath.Separator) + p
	}
	return p
}

// resolve parses a policy file and folds in the policies it extends. chain
// holds the policies that extend this one, outermost first; loadedAs is
// the name the loader was asked for this one by ("" for the first).
func resolve(name string, src []byte, loader Loader, chain []link, loadedAs string, maxSize int) (*folded, ErrorList) {
	sp, errs := parsePolicy(name, src)
	if sp == nil {
		return nil, errs
	}
	errorf := func(code Code, at yamlsrc.Scalar, key, format string, args ...any) {
		p := &parser{file: sp.file, errs: errs}
		p.errorf(code, at, "", key, format, args...)
		errs = p.errs
	}
	if !sp.extends.Set() {
		for _, d := range sp.disable {
			errorf(CodeExtends, d, "disable", "removes rules of the policy this one extends, and this one has no extends:")
		}
		return &folded{syntaxPolicy: sp}, errs
	}
	if loadedAs == "" {
		loadedAs = sp.policy.Value
	}
	chain = append(slices.Clip(chain), link{id: sp.policy.Value, file: filepath.Clean(name), loadedAs: loadedAs})
	if len(chain) > MaxExtends {
		errorf(CodeExtends, sp.extends, "extends", "policy %q is more than %d policies deep in extends:", sp.extends.Value, MaxExtends)
		return nil, errs
	}
	parentID := sp.extends.Value
	if IsPolicyFile(parentID) {
		return resolveFile(sp, errs, loader, chain, maxSize)
	}
	// A cycle is a parent met again by the name it is loaded by, or by the
	// id its file gives itself: a file that calls itself c but was loaded
	// as b, and extends b, would otherwise be loaded for ever.
	if slices.ContainsFunc(chain, func(l link) bool { return l.id == parentID || l.loadedAs == parentID }) {
		names := make([]string, 0, len(chain)+1)
		for _, l := range chain {
			names = append(names, l.loadedAs)
		}
		errorf(CodeExtends, sp.extends, "extends", "policy %q extends itself through %s", parentID, strings.Join(append(names, parentID), " -> "))
		return nil, errs
	}
	if loader == nil {
		errorf(CodeExtends, sp.extends, "extends", "cannot load policy %q: no loader (compile with policies.Load or rules.WithLoader)", parentID)
		return nil, errs
	}
	pname, psrc, err := loader(parentID)
	if err != nil {
		errorf(CodeExtends, sp.extends, "extends", "%v", err)
		return nil, errs
	}
	if len(psrc) > maxSize {
		errorf(CodeExtends, sp.extends, "extends", "policy %q (%s) is larger than %s, the most a policy file may be (rules.WithMaxSize changes it)", parentID, pname, yamlsrc.Size(int64(maxSize)))
		return nil, errs
	}
	parent, perrs := resolve(pname, psrc, loader, chain, parentID, maxSize)
	errs = append(errs, perrs...)
	if parent == nil {
		return nil, errs
	}
	out, merrs := fold(parent.syntaxPolicy, sp)
	return &folded{syntaxPolicy: out, parentID: parentID}, append(errs, merrs...)
}

// resolveFile folds in the policy file that sp's extends: names, read
// beside sp's own file. Errors name both files: the one whose extends:
// is at fault, by its position, and the one it names, in the message.
func resolveFile(sp *syntaxPolicy, errs ErrorList, loader Loader, chain []link, maxSize int) (*folded, ErrorList) {
	errorf := func(format string, args ...any) {
		errs = append(errs, errorAt(sp.file, sp.extends, CodeExtends, "", "extends", fmt.Sprintf(format, args...)))
	}
	target := besideFile(sp.file.Name, sp.extends.Value)
	if i := slices.IndexFunc(chain, func(l link) bool { return l.file == filepath.Clean(target) }); i >= 0 {
		files := make([]string, 0, len(chain)-i+1)
		for _, l := range chain[i:] {
			files = append(files, l.file)
		}
		if i == len(chain)-1 {
			errorf("the policy file extends itself")
		} else {
			errorf("policy files extend each other in a circle: %s", strings.Join(append(files, filepath.Clean(target)), " -> "))
		}
		return nil, errs
	}
	if loader == nil {
		errorf("cannot read the policy file %s: no loader (compile with policies.LoadFile or rules.WithLoader)", target)
		return nil, errs
	}
	pname, psrc, err := loader(target)
	if err != nil {
		errorf("cannot read the policy file %s: %v", target, err)
		return nil, errs
	}
	if len(psrc) > maxSize {
		errorf("the policy file %s is larger than %s, the most a policy file may be (rules.WithMaxSize changes it)", target, yamlsrc.Size(int64(maxSize)))
		return nil, errs
	}
	parent, perrs := resolve(pname, psrc, loader, chain, target, maxSize)
	errs = append(errs, perrs...)
	if parent == nil {
		return nil, errs
	}
	out, merrs := fold(parent.syntaxPolicy, sp)
	return &folded{syntaxPolicy: out, parentID: parent.policy.Value}, append(errs, merrs...)
}

// fold folds child into a copy of parent: the child's settings win, events
// and variables are joined (the child's replace the parent's of the same
// name), a child rule replaces the parent's rule with its id in place, new
// rules follow, and disable: removes parent rules.
func fold(parent, child *syntaxPolicy) (*syntaxPolicy, ErrorList) {
	var errs ErrorList
	out := *child
	if !out.region.Set() {
		out.region = parent.region
		if len(out.closures) == 0 {
			out.closures = parent.closures
		}
		if len(out.workingDays) == 0 {
			out.workingDays = parent.workingDays
		}
	}
	if !out.counting.Set() {
		out.counting = parent.counting
	}
	if !out.warnBefore.Set() {
		out.warnBefore = parent.warnBefore
	}
	// Events: a child entry replaces the parent's description, and joins
	// the attributes declared (the child's replace the parent's of the same
	// name), so that a child that describes a kind again keeps its defaults.
	out.events = nil
	for _, e := range parent.events {
		if !slices.ContainsFunc(child.events, func(c syntaxEvent) bool { return c.kind.Value == e.kind.Value }) {
			out.events = append(out.events, e)
		}
	}
	for _, c := range child.events {
		if i := slices.IndexFunc(parent.events, func(e syntaxEvent) bool { return e.kind.Value == c.kind.Value }); i >= 0 {
			pe := parent.events[i]
			c.attributes = joinByName(pe.attributes, c.attributes, valueName)
			if !c.attributesKey.Set() {
				c.attributesKey = pe.attributesKey
			}
		}
		out.events = append(out.events, c)
	}
	out.facts = joinByName(parent.facts, child.facts, valueName)
	if !out.factsKey.Set() {
		out.factsKey = parent.factsKey
	}
	out.instances = joinByName(parent.instances, child.instances, func(in syntaxInstance) string { return in.name.Value })
	out.warnings = append(append([]syntaxWarning(nil), parent.warnings...), child.warnings...)
	// A variable the child redefines keeps the parent's place, so parent
	// variables that read it still come after it.
	out.variables = joinByName(parent.variables, child.variables, func(v syntaxVariable) string { return v.name.Value })

	disabled := map[string]bool{}
	for _, d := range child.disable {
		if !slices.ContainsFunc(parent.rules, func(r *syntaxRule) bool { return r.key("id").Value == d.Value }) {
			errs = append(errs, errorAt(child.file, d, CodeExtends, "", "disable", fmt.Sprintf("policy %q has no rule %q to disable", parent.policy.Value, d.Value)))
		}
		disabled[d.Value] = true
	}
	childByID := map[string]*syntaxRule{}
	for _, r := range child.rules {
		childByID[r.key("id").Value] = r
	}
	out.rules = nil
	used := map[*syntaxRule]bool{}
	for _, r := range parent.rules {
		id := r.key("id").Value
		if cr, ok := childByID[id]; ok && id != "" {
			out.rules = append(out.rules, cr)
			used[cr] = true
			continue
		}
		if !disabled[id] {
			out.rules = append(out.rules, r)
		}
	}
	for _, r := range child.rules {
		if !used[r] {
			out.rules = append(out.rules, r)
		}
	}
	return &out, errs
}

// joinByName joins a parent's definitions with a child's: the parent's,
// each replaced in place by the child's of the same name, then the child's
// others.
func joinByName[T any](parent, child []T, name func(T) string) []T {
	var out []T
	for _, v := range parent {
		if i := slices.IndexFunc(child, func(c T) bool { return name(c) == name(v) }); i >= 0 {
			v = child[i]
		}
		out = append(out, v)
	}
	for _, v := range child {
		if !slices.ContainsFunc(parent, func(p T) bool { return name(p) == name(v) }) {
			out = append(out, v)
		}
	}
	return out
}

func valueName(v syntaxValue) string { return v.name.Value }
