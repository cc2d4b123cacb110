package timescale

// This file: how names in a case and a policy are written.

// ValidKind reports whether s is written as an event kind, a variable name
// or another name a policy declares must be: snake_case, lower-case letters,
// digits and _, starting with a letter (strategy_discussion).
func ValidKind(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	return validRest(s[1:])
}

// ValidName reports whether s is written as a fact or attribute name must
// be, so that a policy can read it as facts.name: lower-case letters,
// digits and _, not starting with a digit (urgency, s47_initiated, _note).
func ValidName(s string) bool {
	if s == "" || !(s[0] == '_' || s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	return validRest(s[1:])
}

func validRest(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
