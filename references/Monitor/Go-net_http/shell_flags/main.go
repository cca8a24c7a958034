package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ps flags are short words of letters, optionally after one or two dashes ("aux", "-T", "-e").
var flagPattern = regexp.MustCompile(`^-{0,2}[A-Za-z]{1,12}$`)

const (
	maxFlags = 8
	maxRegex = 200
)

type process struct {
	ProcessID     int    `json:"processId"`
	ProcessString string `json:"processString"`
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func fail(w http.ResponseWriter, code int, message string) {
	writeJSON(w, code, map[string]any{"code": code, "message": message})
}

// splitN splits line into at most n whitespace-separated fields, the last keeping the rest.
func splitN(line string, n int) []string {
	var fields []string
	rest := strings.TrimLeft(line, " \t")
	for len(fields) < n-1 && rest != "" {
		i := strings.IndexAny(rest, " \t")
		if i < 0 {
			break
		}
		fields = append(fields, rest[:i])
		rest = strings.TrimLeft(rest[i:], " \t")
	}
	if rest != "" {
		fields = append(fields, rest)
	}
	return fields
}

// parsePS finds each process line's pid and command by the header's columns.
func parsePS(output string, pattern *regexp.Regexp) []process {
	lines := strings.Split(strings.TrimRight(output, "\n"), "\n")
	found := []process{}
	if len(lines) == 0 {
		return found
	}
	header := strings.Fields(lines[0])
	pidCol, cmdCol := -1, len(header)-1
	for i, h := range header {
		if h == "PID" && pidCol < 0 {
			pidCol = i
		}
	}
	for i, h := range header {
		if h == "COMMAND" || h == "CMD" || h == "ARGS" {
			cmdCol = i
			break
		}
	}
	if pidCol < 0 || cmdCol < 0 {
		return found
	}
	for _, line := range lines[1:] {
		fields := splitN(line, cmdCol+1)
		if len(fields) <= max(pidCol, cmdCol) {
			continue
		}
		pid, err := strconv.Atoi(fields[pidCol])
		if err != nil {
			continue
		}
		if pattern.MatchString(fields[cmdCol]) {
			found = append(found, process{ProcessID: pid, ProcessString: line})
		}
	}
	return found
}

func commands(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CommandRegex *string `json:"command_regex"`
		FilterFlags  *string `json:"filter_flags"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(w, http.StatusBadRequest, "a JSON object with string fields is required")
		return
	}
	if in.CommandRegex == nil || len(*in.CommandRegex) > maxRegex {
		fail(w, http.StatusBadRequest, fmt.Sprintf("command_regex must be a string of at most %d characters", maxRegex))
		return
	}
	var words []string
	if in.FilterFlags != nil {
		words = strings.Fields(*in.FilterFlags)
	}
	pattern, err := regexp.Compile(*in.CommandRegex) // RE2: linear time, no catastrophic backtracking
	if err != nil {
		fail(w, http.StatusBadRequest, "invalid command_regex: "+err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", "ps "+strings.Join(words, " "))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	if runErr != nil && stdout.Len() == 0 {
		if _, ok := runErr.(*exec.ExitError); !ok {
			fail(w, http.StatusInternalServerError, "could not list processes")
			return
		}
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 200 {
			msg = msg[:200]
		}
		fail(w, http.StatusBadRequest, "ps rejected the flags: "+msg)
		return
	}
	writeJSON(w, http.StatusOK, parsePS(stdout.String(), pattern))
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /monitor/commands", commands)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
