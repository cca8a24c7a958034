package main

import (
	"log"

	"os"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"
)

var songs = "/var/songs"

// songPath is the real path of the song, or "" when it is not a regular file inside songs.
func songPath(filename string) string {
	if strings.ContainsRune(filename, 0) {
		return ""
	}
	path, err := filepath.EvalSymlinks(filepath.Join(songs, filename))
	if err != nil || !strings.HasPrefix(path, songs+string(filepath.Separator)) {
		return ""
	}
	if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
		return ""
	}
	return path
}

func download(c *fiber.Ctx) error {
	var in struct {
		Filename string `json:"filename"`
	}
	if err := c.BodyParser(&in); err != nil || in.Filename == "" {
		return c.Status(fiber.StatusBadRequest).JSON(fiber.Map{"error": "filename is required"})
	}
	path := songPath(in.Filename)
	if path == "" {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "song not found"})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "song not found"})
	}
	c.Set(fiber.HeaderContentType, "audio/mpeg")
	return c.Send(data)
}

func main() {
	if real, err := filepath.EvalSymlinks(songs); err == nil {
		songs = real
	}
	app := fiber.New()
	app.Post("/download", download)
	log.Fatal(app.Listen("0.0.0.0:5000"))
}
