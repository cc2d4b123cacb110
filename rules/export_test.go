package rules

// KindTableForTest is the table of each kind's keys that doc.go shows.
var KindTableForTest = kindTable
