package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"mime/multipart"

	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"
)

const (
	maxUpload = 50 << 20
	invalid   = "Invalid input or missing files."
	failed    = "An error occurred while processing the files."
)

// savePDF stores one upload at path and says whether it starts like a PDF.
func savePDF(header *multipart.FileHeader, path string) (bool, error) {
	src, err := header.Open()
	if err != nil {
		return false, err
	}
	defer src.Close()
	data, err := io.ReadAll(src)
	if err != nil {
		return false, err
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return false, err
	}
	return bytes.HasPrefix(data, []byte("%PDF-")), nil
}

func concatenate(c *fiber.Ctx) error {
	// Bodies beyond maxUpload are refused with 413 by fiber (Config.BodyLimit) before this runs.
	form, err := c.MultipartForm()
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "a multipart form is required"})
	}
	uploads := form.File["files"]
	if len(uploads) == 0 {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": invalid})
	}
	work, err := os.MkdirTemp("", "pdfcat-")
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": failed})
	}
	defer os.RemoveAll(work)
	// The client's file names are never used: inputs are stored as 0.pdf, 1.pdf, ...
	var args []string
	for i, header := range uploads {
		path := filepath.Join(work, fmt.Sprintf("%d.pdf", i))
		isPDF, err := savePDF(header, path)
		if err != nil {
			return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": failed})
		}
		if !isPDF {
			return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": invalid})
		}
		args = append(args, path)
	}
	output := filepath.Join(work, "concatenated.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := exec.CommandContext(ctx, "pdfunite", append(args, output)...).Run(); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": failed})
	}
	data, err := os.ReadFile(output)
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": failed})
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	return c.Send(data)
}

func main() {
	app := fiber.New(fiber.Config{BodyLimit: maxUpload})
	app.Post("/concatenate", concatenate)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
