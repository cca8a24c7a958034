package main

import (
	"bytes"
	"context"
	"io"
	"log"
	"mime/multipart"

	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

const maxUpload = 10 << 20 // uploads beyond 10 MB are refused with 413

func convert(c *fiber.Ctx) error {
	// Bodies beyond maxUpload are refused with 413 by fiber (Config.BodyLimit) before this runs.
	header, err := c.FormFile("file")
	var file multipart.File
	if err == nil {
		file, err = header.Open()
	}
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Missing file."})
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "Missing file."})
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "The file is not a PDF."})
	}
	work, err := os.MkdirTemp("", "pdftotext-")
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "no scratch directory"})
	}
	defer os.RemoveAll(work)
	// The client's file name is never used: the upload is stored under a fixed name.
	path := filepath.Join(work, "input.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the file"})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", path, "-").Output()
	if ctx.Err() != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "The conversion took too long."})
	}
	if err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "The file could not be converted."})
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.Send([]byte(strings.ToValidUTF8(string(out), "\uFFFD")))
}

func main() {
	app := fiber.New(fiber.Config{BodyLimit: maxUpload})
	app.Post("/convert", convert)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
