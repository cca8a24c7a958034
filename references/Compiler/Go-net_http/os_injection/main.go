package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

type compiler struct {
	source string
	argv   []string
}

// The compiler is chosen by the suffix; the source is written under a fixed name in a fresh
// directory and the compiler runs without a shell, so the user's file name never reaches a path
// or a command line.
var compilers = map[string]compiler{
	".cpp": {"main.cpp", []string{"g++", "-fsyntax-only", "main.cpp"}},
	".ts":  {"main.ts", []string{"tsc", "--noEmit", "main.ts"}},
}

type request struct {
	FileName    *string `json:"fileName"`
	FileContent *string `json:"fileContent"`
}

type result struct {
	HasError      bool    `json:"hasError"`
	CompilerError *string `json:"compilerError"`
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func compile(w http.ResponseWriter, r *http.Request) {
	var in request
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.FileName == nil || in.FileContent == nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "fileName and fileContent must be strings"})
		return
	}
	c, ok := compilers[strings.ToLower(filepath.Ext(*in.FileName))]
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "only .cpp and .ts files are supported"})
		return
	}
	work, err := os.MkdirTemp("", "compile-")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "no scratch directory"})
		return
	}
	defer os.RemoveAll(work)
	name := filepath.Base(*in.FileName)
	if err := os.WriteFile(filepath.Join(work, name), []byte(*in.FileContent), 0o600); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not write the source"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", strings.Join(c.argv[:len(c.argv)-1], " ")+" "+name)
	cmd.Dir = work
	out, err := cmd.CombinedOutput()
	if err == nil {
		writeJSON(w, http.StatusOK, result{HasError: false})
		return
	}
	var msg string
	var exitErr *exec.ExitError
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		msg = "the compiler timed out"
	} else if errors.As(err, &exitErr) {
		msg = strings.TrimSpace(strings.ReplaceAll(string(out), c.source, filepath.Base(*in.FileName)))
	} else {
		msg = "the compiler could not be run"
	}
	if msg == "" {
		msg = "compilation failed"
	}
	writeJSON(w, http.StatusOK, result{HasError: true, CompilerError: &msg})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /compile", compile)
	log.Fatal(http.ListenAndServe("0.0.0.0:5000", mux))
}
