package cincensus_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/safeguarding/timescales/policies"
	"github.com/safeguarding/timescales/timescale/cincensus"
)

// Read a census file child by child and check each against England's
// timescales as of the census's ReferenceDate.
func ExampleReader() {
	census := `<Message>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID>EX1</LAchildID><PersonBirthDate>2016-01-12</PersonBirthDate></ChildIdentifiers>
      <CINdetails>
        <CINreferralDate>2024-01-08</CINreferralDate>
        <ReferralNFA>false</ReferralNFA>
        <Section47>
          <S47ActualStartDate>2024-01-10</S47ActualStartDate>
          <InitialCPCtarget>2024-01-31</InitialCPCtarget>
          <DateOfInitialCPC>2024-02-05</DateOfInitialCPC>
          <ICPCnotRequired>false</ICPCnotRequired>
        </Section47>
      </CINdetails>
    </Child>
  </Children>
</Message>`
	england, err := policies.Load("england")
	if err != nil {
		panic(err)
	}
	r := cincensus.NewReader("cin-2024.xml", strings.NewReader(census))
	h := r.ReadHeader()
	fmt.Println("as of", h.ReferenceDate.Format(time.DateOnly))
	for child := range r.Children() {
		if child.Err != nil {
			fmt.Println(child.Err)
			continue
		}
		report, err := england.Evaluate(child.Case, h.ReferenceDate)
		if err != nil {
			panic(err)
		}
		for _, res := range report.Results {
			if res.Rule == "icpc-within-15-working-days" || res.Rule == "first-core-group-within-10-working-days" {
				fmt.Printf("%s %s: %s\n", child.ID, res.Rule, res.Explanation)
			}
		}
	}
	if err := r.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// as of 2024-03-31
	// EX1 icpc-within-15-working-days: 15 working days from Wed 10 Jan 2024 (s47 started) is Wed 31 Jan 2024. Late: ICPC on Mon 5 Feb 2024, 3 working days after the due date.
	// EX1 first-core-group-within-10-working-days: Not recorded: the CIN census does not hold core group events, so this cannot be judged from it.
}
