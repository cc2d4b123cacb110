// Package yamlsrc is the one YAML dialect of policy files and case files:
// how a file becomes located values, before either reader gives them
// meaning.
//
// Decode reads exactly one document. A Walker follows aliases and merge
// keys (<<) within a budget, so that a small file of nested aliases cannot
// make a reader do unbounded work, and reports a key given twice. A Scalar
// keeps a value with where it was written, and maps a position inside its
// decoded text (as an expression checker reports it) back to the file's
// line and column, through quotes, escapes and folded lines.
//
// Each reader words its own messages for what this package finds: the
// package knows YAML, not policies or cases.
package yamlsrc
