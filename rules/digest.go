package rules

// This file: the digest of a policy as folded, so that a report can say
// which rules gave its verdicts.

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"

	"github.com/safeguarding/timescales/internal/yamlsrc"
)

// digestOf returns "sha256:" and the hex SHA-256 of every value of the
// folded policy (its parents' definitions included), in a fixed order and
// with nothing of where each was written: reformatting a file, reordering
// its keys within a rule or editing its comments leaves the digest as it
// was; changing any value, a rule's period or a description changes it.
func digestOf(f *folded) string {
	d := digester{h: sha256.New()}
	sp := f.syntaxPolicy
	d.field("policy", sp.policy)
	d.field("title", sp.title)
	d.field("source", sp.source)
	d.text("extends", f.parentID)
	d.list("disable", sp.disable)
	d.field("calendar.region", sp.region)
	d.list("calendar.closures", sp.closures)
	d.list("calendar.working_days", sp.workingDays)
	d.field("counting", sp.counting)
	d.field("warn_before", sp.warnBefore)
	for _, e := range sp.events {
		d.field("event", e.kind)
		d.field("description", e.description)
		d.field("attributes", e.attributesKey)
		d.values(e.attributes)
	}
	d.field("facts", sp.factsKey)
	d.values(sp.facts)
	for _, v := range sp.variables {
		d.field("variable", v.name)
		d.field("expr", v.expr)
	}
	for _, in := range sp.instances {
		d.field("instance", in.name)
		d.field("description", in.description)
		d.field("start", in.start)
		d.field("end", in.end)
		d.field("ends_at_next", in.endsAtNext)
	}
	for _, w := range sp.warnings {
		d.field("warning", w.cond)
		d.field("say", w.say)
	}
	for _, r := range sp.rules {
		d.text("rule", "")
		keys := make([]string, 0, len(r.keys))
		for k := range r.keys {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			d.field(k, r.keys[k])
		}
		for _, c := range r.conditions {
			d.field("if", c.cond)
			d.field("otherwise", c.otherwise)
		}
	}
	return "sha256:" + hex.EncodeToString(d.h.Sum(nil))
}

// digester writes names and values into a hash, each length-prefixed so
// that no two policies' sequences of values run together alike.
type digester struct{ h hash.Hash }

func (d digester) text(name, value string) {
	var n [binary.MaxVarintLen64]byte
	for _, s := range []string{name, value} {
		d.h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		d.h.Write([]byte(s))
	}
}

// field writes a value, and whether it was given at all (an empty
// description is not a missing one).
func (d digester) field(name string, s yamlsrc.Scalar) {
	if !s.Set() {
		d.text(name, "\x00unset")
		return
	}
	d.text(name, s.Value)
}

func (d digester) list(name string, items []yamlsrc.Scalar) {
	d.text(name, "\x00list")
	for _, s := range items {
		d.field("-", s)
	}
	d.text(name, "\x00end")
}

func (d digester) values(vs []syntaxValue) {
	for _, v := range vs {
		d.field("value", v.name)
		d.field("description", v.description)
		d.field("type", v.typ)
		d.list("values", v.values)
		d.field("default", v.def)
		d.field("missing", v.missing)
	}
}
