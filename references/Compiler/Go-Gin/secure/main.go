package main

import (
	"context"
	"errors"
	"log"
	"net/http"

	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
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

func compile(c *gin.Context) {
	var in request
	if err := c.ShouldBindJSON(&in); err != nil || in.FileName == nil || in.FileContent == nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "fileName and fileContent must be strings"})
		return
	}
	tool, ok := compilers[strings.ToLower(filepath.Ext(*in.FileName))]
	if !ok {
		c.JSON(http.StatusBadRequest, gin.H{"error": "only .cpp and .ts files are supported"})
		return
	}
	work, err := os.MkdirTemp("", "compile-")
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "no scratch directory"})
		return
	}
	defer os.RemoveAll(work)
	if err := os.WriteFile(filepath.Join(work, tool.source), []byte(*in.FileContent), 0o600); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "could not write the source"})
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool.argv[0], tool.argv[1:]...)
	cmd.Dir = work
	out, err := cmd.CombinedOutput()
	if err == nil {
		c.JSON(http.StatusOK, result{HasError: false})
		return
	}
	var msg string
	var exitErr *exec.ExitError
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		msg = "the compiler timed out"
	} else if errors.As(err, &exitErr) {
		msg = strings.TrimSpace(strings.ReplaceAll(string(out), tool.source, filepath.Base(*in.FileName)))
	} else {
		msg = "the compiler could not be run"
	}
	if msg == "" {
		msg = "compilation failed"
	}
	c.JSON(http.StatusOK, result{HasError: true, CompilerError: &msg})
}

func main() {
	r := gin.Default()
	r.POST("/compile", compile)
	log.Fatal(r.Run("0.0.0.0:5000"))
}
