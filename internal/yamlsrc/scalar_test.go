package yamlsrc

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// scalarIn decodes src and returns the located scalar under key k of its
// top-level mapping.
func scalarIn(t *testing.T, src, k string) Scalar {
	t.Helper()
	top, err := Decode([]byte(src))
	require.NoError(t, err)
	f := NewFile("x.yaml", []byte(src))
	w := NewWalker(FileLimits(len(src)), nil)
	for _, p := range w.Pairs(top, func(string, *yaml.Node, string) {}) {
		if p.Key == k {
			v, _ := w.Visit(p.Value)
			return ScalarOf(f, v)
		}
	}
	t.Fatalf("no key %q", k)
	return Scalar{}
}

// celPosition is where the rune at offset k of s is, as CEL counts: line
// from 1, column from 0.
func celPosition(s string, k int) (int, int) {
	line, col := 1, 0
	for i, r := range []rune(s) {
		if i == k {
			break
		}
		if r == '\n' {
			line, col = line+1, 0
			continue
		}
		col++
	}
	return line, col
}

func runeAt(f *File, line, col int) rune {
	text := []rune(f.Line(line))
	if col < 1 || col > len(text) {
		return 0
	}
	return text[col-1]
}

// TestAtSeesThroughEscapes: the caret of an error after \" and \u00e9 in a
// double-quoted expression lands on the character it names. Each \u00e9 is
// one character of the expression and six of the file; each \" one and two.
func TestAtSeesThroughEscapes(t *testing.T) {
	src := "rules:\n  - id: x\nwhen: \"facts.x == \\\"\\u00e9\\u00e9\\u00e9\\u00e9\\\" && facts.y === 1\"\n"
	s := scalarIn(t, src, "when")
	require.Equal(t, `facts.x == "éééé" && facts.y === 1`, s.Value)
	k := strings.Index(s.Value, "===")
	line, col := s.At(celPosition(s.Value, len([]rune(s.Value[:k]))))
	assert.Equal(t, 3, line)
	assert.Equal(t, "=== 1\"", string([]rune(s.file.Line(line))[col-1:]), "column %d", col)
	// The raw column is 22 more than the decoded one: 2 for the \" and 20
	// for the four \u00e9.
	assert.Equal(t, len("when: \"")+len([]rune(s.Value[:k]))+22+1, col)
}

func TestAtSingleQuotedAndBlocks(t *testing.T) {
	s := scalarIn(t, "check: 'it''s == x'\n", "check")
	require.Equal(t, "it's == x", s.Value)
	_, col := s.At(1, 3) // the s
	assert.Equal(t, 's', runeAt(s.file, 1, col))

	s = scalarIn(t, "check: |\n  a &&\n    bb\n", "check")
	line, col := s.At(2, 3) // the second b of the decoded line "  bb"
	assert.Equal(t, 3, line)
	assert.Equal(t, 'b', runeAt(s.file, line, col))
}

// TestAtAgreesWithYAML writes random values in every flow style with
// yaml.v3 (which folds long lines and escapes what it must), reads them
// back, and checks that every letter and digit of the value maps to the
// same letter or digit in the file.
func TestAtAgreesWithYAML(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	alphabet := []rune("abcdefghijklmnopqrstuvwxyz0123456789     \"'\\#:é😀\t\x01-{}[],&*!|>%@`\n")
	styles := []yaml.Style{0, yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle}
	checked := 0
	for n := 0; n < 3000; n++ {
		size := 1 + rng.Intn(200)
		value := make([]rune, size)
		for i := range value {
			value[i] = alphabet[rng.Intn(len(alphabet))]
		}
		style := styles[rng.Intn(len(styles))]
		doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: "key"},
			{Kind: yaml.ScalarNode, Value: string(value), Style: style, Tag: "!!str"},
		}}
		if rng.Intn(2) == 0 { // nested, so the value is indented
			doc = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "outer"}, doc}}
		}
		out, err := yaml.Marshal(doc)
		require.NoError(t, err)
		src := string(out)
		top, err := Decode(out)
		require.NoError(t, err, src)
		w := NewWalker(FileLimits(len(src)), nil)
		pairs := w.Pairs(top, func(string, *yaml.Node, string) {})
		if pairs[0].Key == "outer" {
			inner, _ := w.Visit(pairs[0].Value)
			pairs = w.Pairs(inner, func(string, *yaml.Node, string) {})
		}
		v, _ := w.Visit(pairs[0].Value)
		if v.Value != string(value) || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			continue // yaml.v3 chose a block style; blocks are tested above
		}
		checked += checkLetters(t, ScalarOf(NewFile("x.yaml", out), v), src)
	}
	assert.Greater(t, checked, 50000)
}

// TestAtThroughFoldedLines writes values over several lines by hand, as a
// policy author might, with indentation, blank lines, trailing spaces and
// (in double quotes) escaped line breaks, and checks that every letter of
// the value yaml.v3 reads maps back to the same letter in the file.
func TestAtThroughFoldedLines(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	checked := 0
	for n := 0; n < 2000; n++ {
		quote := []string{"", "\"", "'"}[rng.Intn(3)]
		var b strings.Builder
		b.WriteString("rules:\n  - id: x\n    when: " + quote)
		words := 2 + rng.Intn(12)
		for w := 0; w < words; w++ {
			if w > 0 {
				switch k := rng.Intn(6); {
				case k < 2:
					b.WriteString(" ")
				case k == 2:
					b.WriteString("\n      ")
				case k == 3:
					b.WriteString("  \n        ")
				case k == 4:
					b.WriteString("\n\n      ")
				case quote == "\"":
					b.WriteString("\\\n      ")
				default:
					b.WriteString(" ")
				}
			}
			for l := 1 + rng.Intn(8); l > 0; l-- {
				b.WriteByte("abcdefghxyz0123"[rng.Intn(15)])
			}
			if quote == "\"" && rng.Intn(4) == 0 {
				b.WriteString(`\u00e9\"`)
			}
			if quote == "'" && rng.Intn(4) == 0 {
				b.WriteString("''")
			}
		}
		b.WriteString(quote + "\n")
		src := b.String()
		top, err := Decode([]byte(src))
		require.NoError(t, err, src)
		w := NewWalker(FileLimits(len(src)), nil)
		rule, _ := w.Visit(w.Pairs(top, nil)[0].Value)
		item, _ := w.Visit(rule.Content[0])
		var v *yaml.Node
		for _, p := range w.Pairs(item, nil) {
			if p.Key == "when" {
				v, _ = w.Visit(p.Value)
			}
		}
		require.NotNil(t, v, src)
		checked += checkLetters(t, ScalarOf(NewFile("x.yaml", []byte(src)), v), src)
	}
	assert.Greater(t, checked, 20000)
}

// checkLetters checks that every ASCII letter and digit of s's value maps
// to the same letter or digit in the file, and returns how many it checked.
func checkLetters(t *testing.T, s Scalar, src string) int {
	t.Helper()
	checked := 0
	for k, r := range []rune(s.Value) {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		line, col := s.At(celPosition(s.Value, k))
		if got := runeAt(s.file, line, col); got != r {
			t.Fatalf("value %q written as\n%s\ncharacter %d (%q) maps to %d:%d, which holds %q", s.Value, src, k, r, line, col, got)
		}
		checked++
	}
	return checked
}
