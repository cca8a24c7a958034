package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ps flags are short words of letters, optionally after one or two dashes ("aux", "-T", "-e").
var flagPattern = regexp.MustCompile(`^-{0,2}[A-Za-z]+$`)

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

// matches asks awk whether command matches the extended regular expression pattern.
func matches(ctx context.Context, pattern, command string) (bool, error) {
	cmd := exec.CommandContext(ctx, "awk", `$0 ~ ENVIRON["PATTERN"] { found = 1 } END { exit !found }`)
	cmd.Env = append(os.Environ(), "PATTERN="+pattern)
	cmd.Stdin = strings.NewReader(command)
	err := cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && exitErr.ExitCode() == 1 {
		return false, nil
	}
	return err == nil, err
}

// parsePS finds each process line's pid and command by the header's columns.
func parsePS(ctx context.Context, output, pattern string) ([]process, error) {
	lines := strings.Split(strings.TrimRight(output, "\n"), "\n")
	found := []process{}
	if len(lines) == 0 {
		return found, nil
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
		return found, nil
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
		ok, err := matches(ctx, pattern, fields[cmdCol])
		if err != nil {
			return nil, err
		}
		if ok {
			found = append(found, process{ProcessID: pid, ProcessString: line})
		}
	}
	return found, nil
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
	if len(words) > maxFlags {
		fail(w, http.StatusBadRequest, "filter_flags may only hold a few ps flags such as 'aux' or '-T'")
		return
	}
	for _, word := range words {
		if !flagPattern.MatchString(word) {
			fail(w, http.StatusBadRequest, "filter_flags may only hold a few ps flags such as 'aux' or '-T'")
			return
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ps", words...) // no shell: each flag is one argument
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
	found, err := parsePS(ctx, stdout.String(), *in.CommandRegex)
	if err != nil {
		fail(w, http.StatusBadRequest, "invalid command_regex")
		return
	}
	writeJSON(w, http.StatusOK, found)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /monitor/commands", commands)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
