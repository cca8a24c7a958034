package main

import (
	"context"
	"errors"
	"log"

	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
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

func compile(c *fiber.Ctx) error {
	var in request
	if err := c.BodyParser(&in); err != nil || in.FileName == nil || in.FileContent == nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "fileName and fileContent must be strings"})
	}
	tool, ok := compilers[strings.ToLower(filepath.Ext(*in.FileName))]
	if !ok {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "only .cpp and .ts files are supported"})
	}
	work, err := os.MkdirTemp("", "compile-")
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "no scratch directory"})
	}
	defer os.RemoveAll(work)
	if err := os.WriteFile(filepath.Join(work, tool.source), []byte(*in.FileContent), 0o600); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not write the source"})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool.argv[0], tool.argv[1:]...)
	cmd.Dir = work
	out, err := cmd.CombinedOutput()
	if err == nil {
		return c.Status(fiber.StatusOK).JSON(result{HasError: false})
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
	return c.Status(fiber.StatusOK).JSON(result{HasError: true, CompilerError: &msg})
}

func main() {
	app := fiber.New()
	app.Post("/compile", compile)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
