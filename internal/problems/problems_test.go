package problems

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormat(t *testing.T) {
	assert.Equal(t, "cin.xml:12: child C1: CPPstartDate: bad", Format("cin.xml", 12, "bad", "child C1", "CPPstartDate"))
	assert.Equal(t, "cin.xml: bad", Format("cin.xml", 0, "bad", "", ""))
	assert.Equal(t, "bad", Format("", 0, "bad"))
}

func TestJoinAndUnwrap(t *testing.T) {
	a, b := errors.New("one"), errors.New("two")
	assert.Equal(t, "one\ntwo", Join([]error{a, b}))
	assert.Equal(t, []error{a, b}, Unwrap([]error{a, b}))
}
