package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/timescales/calendar"
	"github.com/safeguarding/timescales/internal/heapwatch"
)

// writeSyntheticCensus writes a census file of n invented children, each
// with one to three referral episodes between April 2022 and March 2024;
// most with an assessment, some with one or two s47 enquiries, their
// conferences and plans, and the plans' reviews.
func writeSyntheticCensus(w io.Writer, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	cal, err := calendar.New(calendar.EnglandAndWales)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	base := time.Date(2022, time.April, 1, 0, 0, 0, 0, calendar.London)
	fmt.Fprint(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n<Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n")
	for i := range n {
		fmt.Fprintf(bw, "<Child>\n<ChildIdentifiers><LAchildID>SYN%07d</LAchildID><PersonBirthDate>%s</PersonBirthDate><Sex>%s</Sex></ChildIdentifiers>\n",
			i, day(base.AddDate(-1-rng.IntN(16), 0, -rng.IntN(365))), []string{"M", "F"}[rng.IntN(2)])
		ref := base.AddDate(0, 0, rng.IntN(200))
		for range 1 + rng.IntN(3) {
			fmt.Fprintf(bw, "<CINdetails>\n<CINreferralDate>%s</CINreferralDate><ReferralNFA>%s</ReferralNFA>\n", day(ref), []string{"false", "0", "true"}[rng.IntN(3)])
			if rng.IntN(10) < 8 {
				fmt.Fprintf(bw, "<Assessments><AssessmentActualStartDate>%s</AssessmentActualStartDate><AssessmentAuthorisationDate>%s</AssessmentAuthorisationDate></Assessments>\n",
					day(ref.AddDate(0, 0, 1)), day(ref.AddDate(0, 0, 20+rng.IntN(60))))
			}
			for s := range rng.IntN(3) {
				start := ref.AddDate(0, 0, 3+14*s+rng.IntN(10))
				target := cal.AddWorkingDays(start, 15)
				if rng.IntN(10) == 0 {
					target = start.AddDate(0, 0, 21) // a system that counts 3 weeks
				}
				fmt.Fprintf(bw, "<Section47><S47ActualStartDate>%s</S47ActualStartDate><InitialCPCtarget>%s</InitialCPCtarget>", day(start), day(target))
				if rng.IntN(4) == 0 {
					fmt.Fprint(bw, "<ICPCnotRequired>true</ICPCnotRequired></Section47>\n")
					continue
				}
				icpc := start.AddDate(0, 0, 10+rng.IntN(20))
				fmt.Fprintf(bw, "<DateOfInitialCPC>%s</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>\n", day(icpc))
				if rng.IntN(3) > 0 {
					fmt.Fprintf(bw, "<ChildProtectionPlans><CPPstartDate>%s</CPPstartDate>", day(icpc))
					review := icpc
					reviews := rng.IntN(4)
					if rng.IntN(3) == 0 {
						fmt.Fprintf(bw, "<CPPendDate>%s</CPPendDate>", day(icpc.AddDate(0, 4+6*reviews, 0)))
					}
					fmt.Fprint(bw, "<Reviews>")
					for r := range reviews {
						review = review.AddDate(0, 3+3*min(r, 1), rng.IntN(20)-10)
						fmt.Fprintf(bw, "<CPPreviewDate>%s</CPPreviewDate>", day(review))
					}
					fmt.Fprint(bw, "</Reviews></ChildProtectionPlans>\n")
				}
			}
			fmt.Fprint(bw, "</CINdetails>\n")
			ref = ref.AddDate(0, 2+rng.IntN(6), rng.IntN(28))
		}
		fmt.Fprint(bw, "</Child>\n")
	}
	fmt.Fprint(bw, "</Children>\n</Message>\n")
	return bw.Flush()
}

func syntheticCensusFile(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), fmt.Sprintf("census-%d.xml", n))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeSyntheticCensus(f, n, 7); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// runCensus runs checkcase -census on a file as a council would, the
// reports written (and discarded), and fails the benchmark unless every
// child was checked.
func runCensus(b *testing.B, path string, n int) {
	runCaseload(b, n, "children", "-census", path)
}

// runCaseload runs checkcase on a caseload (its flag and file, after any
// other flags) with the reports written and discarded, and fails the
// benchmark unless all n were checked ("n <nouns> checked").
func runCaseload(b *testing.B, n int, nouns string, args ...string) {
	var stderr strings.Builder
	code := run(append([]string{"-policy", "england"}, args...), env{
		stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, now: time.Now,
	})
	if code == exitError || !strings.Contains(stderr.String(), fmt.Sprintf("%d %s checked", n, nouns)) || !strings.Contains(stderr.String(), " 0 "+nouns+" could not be checked") {
		b.Fatalf("exit %d: %s", code, stderr.String())
	}
}

// BenchmarkCensus reads and checks a synthetic census of 100,000 children
// end to end through the command (reading the XML, evaluating each child
// against the england policy with one worker per core, writing each report
// as JSON), and reports children a second.
func BenchmarkCensus(b *testing.B) {
	const n = 100_000
	path := syntheticCensusFile(b, n)
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		runCensus(b, path, n)
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "children/s")
}

// BenchmarkCensusMemory reports the peak live heap while the command checks
// 10,000 and 100,000 synthetic children: it must not grow with the number
// of children. Run with -benchtime 1x.
func BenchmarkCensusMemory(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("children=%d", n), func(b *testing.B) {
			path := syntheticCensusFile(b, n)
			b.ResetTimer()
			for range b.N {
				runtime.GC()
				peak := heapwatch.Peak(func() { runCensus(b, path, n) })
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			}
		})
	}
}
