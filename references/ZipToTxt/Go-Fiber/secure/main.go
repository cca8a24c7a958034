package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"log"
	"mime/multipart"

	"strings"

	"github.com/gofiber/fiber/v2"
)

const (
	maxUpload = 20 << 20 // bytes of archive accepted
	maxText   = 10 << 20 // bytes of text the archive may expand to
)

var errTooLarge = errors.New("the archive expands to more text than allowed")

// readBounded reads the entry, never more than budget bytes of it (sizes in headers can lie).
func readBounded(f *zip.File, budget int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, budget+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > budget {
		return nil, errTooLarge
	}
	return data, nil
}

// texts reads the .txt entries of the archive as text, never expanding beyond maxText bytes.
// Entries are only read, never written to disk, so their names cannot reach a path.
func texts(archive []byte) ([]string, error) {
	reader, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return nil, err
	}
	var entries []*zip.File
	var declared uint64
	for _, f := range reader.File {
		if !f.FileInfo().IsDir() && f.Mode().IsRegular() && strings.HasSuffix(strings.ToLower(f.Name), ".txt") {
			entries = append(entries, f)
			declared += f.UncompressedSize64
		}
	}
	if declared > maxText {
		return nil, errTooLarge
	}
	var out []string
	budget := int64(maxText)
	for _, f := range entries {
		data, err := readBounded(f, budget)
		if err != nil {
			return nil, err
		}
		budget -= int64(len(data))
		out = append(out, strings.ToValidUTF8(string(data), "\uFFFD"))
	}
	return out, nil
}

func convert(c *fiber.Ctx) error {
	// Bodies beyond maxUpload are refused with 413 by fiber (Config.BodyLimit) before this runs.
	header, err := c.FormFile("file")
	var file multipart.File
	if err == nil {
		file, err = header.Open()
	}
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "a zip file is required in the part 'file'"})
	}
	defer file.Close()
	archive, err := io.ReadAll(file)
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "could not read the upload"})
	}
	found, err := texts(archive)
	if errors.Is(err, errTooLarge) {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": err.Error()})
	}
	if err != nil {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "the upload is not a valid zip archive"})
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.Send([]byte(strings.Join(found, "\n")))
}

func main() {
	app := fiber.New(fiber.Config{BodyLimit: maxUpload})
	app.Post("/convert", convert)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
