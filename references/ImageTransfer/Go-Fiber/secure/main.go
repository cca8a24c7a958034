package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"log"
	"mime/multipart"

	"os"
	"path/filepath"
	"regexp"

	"github.com/gofiber/fiber/v2"
)

const (
	store     = "uploads"
	maxUpload = 20 << 20
)

// An id is what /upload made: URL-safe base64 characters only, so no path can be formed.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Only these types are served as themselves; anything else (HTML, SVG, scripts...) is served as an
// opaque download type, so a browser never runs it.
var signatures = []struct {
	magic []byte
	kind  string
}{
	{[]byte("\x89PNG\r\n\x1a\n"), "image/png"}, {[]byte("\xff\xd8\xff"), "image/jpeg"},
	{[]byte("GIF87a"), "image/gif"}, {[]byte("GIF89a"), "image/gif"}, {[]byte("BM"), "image/bmp"},
}

func sniff(data []byte) string {
	for _, s := range signatures {
		if bytes.HasPrefix(data, s.magic) {
			return s.kind
		}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return "image/webp"
	}
	return "application/octet-stream"
}

func upload(c *fiber.Ctx) error {
	// Bodies beyond maxUpload are refused with 413 by fiber (Config.BodyLimit) before this runs.
	header, err := c.FormFile("file")
	var file multipart.File
	if err == nil {
		file, err = header.Open()
	}
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "no file"})
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "could not read the file"})
	}
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "no randomness"})
	}
	id := base64.RawURLEncoding.EncodeToString(raw) // random, so ids cannot be guessed
	meta, _ := json.Marshal(fiber.Map{"type": sniff(data)})
	if os.WriteFile(filepath.Join(store, id), data, 0o600) != nil ||
		os.WriteFile(filepath.Join(store, id+".json"), meta, 0o600) != nil {
		return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "could not store the file"})
	}
	return c.Status(fiber.StatusOK).JSON(fiber.Map{"id": id})
}

func view(c *fiber.Ctx) error {
	id := c.Params("id")
	if !idPattern.MatchString(id) {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "not found"})
	}
	data, err := os.ReadFile(filepath.Join(store, id))
	metaRaw, metaErr := os.ReadFile(filepath.Join(store, id+".json"))
	var meta struct {
		Type string `json:"type"`
	}
	if err != nil || metaErr != nil || json.Unmarshal(metaRaw, &meta) != nil {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "not found"})
	}
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderContentType, meta.Type)
	return c.Send(data)
}

func main() {
	if err := os.MkdirAll(store, 0o700); err != nil {
		log.Fatal(err)
	}
	app := fiber.New(fiber.Config{BodyLimit: maxUpload})
	app.Post("/upload", upload)
	app.Get("/images/:id", view)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
