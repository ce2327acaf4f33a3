// Command compare checks Jepsen-style kv histories (JSON events, as written by
// io.decree.lin.jepsen.JepsenHistoryGenerator) with Porcupine, for the side-by-side
// comparison in docs/linearizability.md. It is built against a local copy of Porcupine's
// source by run.sh and side-by-side.sh; it is not part of the Maven build. Our code only:
// Porcupine itself is never copied into this repository.
//
// Semantics match `decree check-history --model kv`: a :fail is dropped (it did not
// happen); an :info or unfinished operation returns after the last event with an unknown
// output (linearized last, its effect is invisible, so "may never have happened"); a read
// of nil constrains nothing (Knossos).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/anishathalye/porcupine"
)

const nilValue = math.MinInt64

type event struct {
	Type    string        `json:"type"`
	F       string        `json:"f"`
	Value   []interface{} `json:"value"`
	Process int64         `json:"process"`
}

type input struct {
	f        string
	key      string
	arg      int64 // write: the value; cas: the new value
	expected int64 // cas: the old value
}

type output struct {
	value   int64 // read: the value seen, nilValue for nil
	unknown bool
}

func number(v interface{}) int64 {
	if v == nil {
		return nilValue
	}
	return int64(v.(float64))
}

var kvModel = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[string][]porcupine.Operation{}
		var keys []string
		for _, op := range history {
			k := op.Input.(input).key
			if _, seen := byKey[k]; !seen {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], op)
		}
		var parts [][]porcupine.Operation
		for _, k := range keys {
			parts = append(parts, byKey[k])
		}
		return parts
	},
	Init: func() interface{} { return int64(nilValue) },
	Step: func(state, in, out interface{}) (bool, interface{}) {
		st := state.(int64)
		i := in.(input)
		o := out.(output)
		switch i.f {
		case "read":
			return o.unknown || o.value == nilValue || o.value == st, st
		case "write":
			return true, i.arg
		default: // cas: only successful ones reach the model, or unknown ones
			if st == i.expected {
				return true, i.arg
			}
			return o.unknown, st
		}
	},
	Equal: func(a, b interface{}) bool { return a.(int64) == b.(int64) },
	Hash:  func(s interface{}) uint64 { return uint64(s.(int64)) },
}

func load(path string) ([]porcupine.Operation, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var events []event
	if err := json.Unmarshal(data, &events); err != nil {
		return nil, err
	}
	type open struct {
		call int64
		in   input
	}
	pending := map[int64]open{}
	var ops []porcupine.Operation
	end := int64(len(events) + 1)
	for idx, e := range events {
		t := int64(idx)
		switch e.Type {
		case "invoke":
			in := input{f: e.F, key: e.Value[0].(string)}
			switch e.F {
			case "write":
				in.arg = number(e.Value[1])
			case "cas":
				pair := e.Value[1].([]interface{})
				in.expected, in.arg = number(pair[0]), number(pair[1])
			}
			pending[e.Process] = open{t, in}
		case "ok":
			p := pending[e.Process]
			delete(pending, e.Process)
			out := output{}
			if e.F == "read" {
				out.value = number(e.Value[1])
			}
			ops = append(ops, porcupine.Operation{ClientId: int(e.Process), Input: p.in, Call: p.call, Output: out, Return: t})
		case "fail":
			delete(pending, e.Process)
		case "info":
			p := pending[e.Process]
			delete(pending, e.Process)
			ops = append(ops, porcupine.Operation{ClientId: int(e.Process), Input: p.in, Call: p.call, Output: output{unknown: true}, Return: end})
		}
	}
	for proc, p := range pending {
		ops = append(ops, porcupine.Operation{ClientId: int(proc), Input: p.in, Call: p.call, Output: output{unknown: true}, Return: end})
	}
	return ops, nil
}

// timeout is PORCUPINE_TIMEOUT_S seconds (default 300), so both checkers can be given the same limit.
func timeout() time.Duration {
	if s, err := strconv.Atoi(os.Getenv("PORCUPINE_TIMEOUT_S")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 300 * time.Second
}

// cpuNanos is the process's CPU time so far (user + system, all threads: the garbage collector's too), as
// decree's check-history reports its own.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

var verdicts = map[porcupine.CheckResult]string{porcupine.Ok: "linearizable", porcupine.Illegal: "NOT-linearizable", porcupine.Unknown: "unknown"}

// checkOnce loads and checks one file: its verdict, wall time and process CPU time (load included, as decree's
// figure includes its import).
func checkOnce(path string) (string, time.Duration, time.Duration) {
	start, cpu := time.Now(), cpuNanos()
	ops, err := load(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
		os.Exit(2)
	}
	result := porcupine.CheckOperationsTimeout(kvModel, ops, timeout())
	return verdicts[result], time.Since(start), time.Duration(cpuNanos() - cpu)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func minimum(ds []time.Duration) time.Duration {
	m := ds[0]
	for _, d := range ds {
		if d < m {
			m = d
		}
	}
	return m
}

// Usage: compare [-warm N [-skip W]] FILE...
//
// Without -warm: each file once, "FILE VERDICT WALL ms CPU ms" (a cold run is one process per file).
// With -warm N: each file W + N times in this process, the first W (warm-up, default 0) not counted,
// "FILE VERDICT wall best/median ms cpu best/median ms" over the N others. side-by-side.sh skips as many on
// both sides, so a JIT-compiled checker and a compiled one are compared at their steady state.
func main() {
	warm := flag.Int("warm", 0, "check each file this many times in one process; report the best and the median")
	skip := flag.Int("skip", 0, "with -warm: check each file this many more times first, not counted (warm-up)")
	flag.Parse()
	for _, path := range flag.Args() {
		if *warm <= 0 {
			verdict, wall, cpu := checkOnce(path)
			fmt.Printf("%s %s %d ms cpu %s ms\n", path, verdict, wall.Milliseconds(), ms(cpu))
			continue
		}
		var walls, cpus []time.Duration
		verdict := ""
		for i := 0; i < *skip+*warm; i++ {
			v, wall, cpu := checkOnce(path)
			if verdict != "" && v != verdict {
				fmt.Fprintf(os.Stderr, "%s: verdict changed between repetitions: %s, then %s\n", path, verdict, v)
				os.Exit(2)
			}
			verdict = v
			if i >= *skip {
				walls, cpus = append(walls, wall), append(cpus, cpu)
			}
		}
		fmt.Printf("%s %s wall best %s median %s ms cpu best %s median %s ms (%d runs)\n", path, verdict,
			ms(minimum(walls)), ms(median(walls)), ms(minimum(cpus)), ms(median(cpus)), *warm)
	}
}
